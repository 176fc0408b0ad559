"""The learned layer of the screener (issue 13): a linear model per judgement code over the draft's words,
word pairs, letter n-grams and the built-in word lists' cues, trained by `make model` from the shipped corpus
(screening/corpus/, never its frozen batch) and built into VAR_DIR, not committed.

- `features`: what the model reads in a draft (the same code at training and at screening time);
- `corpus`: the labelled drafts and the departments' contexts they were written for;
- `model`: the model: train, save, load, score a draft and say which words weighed most;
- `build`: `python -m screening.learned.build` (what `make model` runs) and `loaded()`, which builds on first use;
- `crossval`: leave-one-batch-out cross-validation that chooses each code's threshold (`make model-thresholds`).

The deterministic detectors keep what patterns do well (phones, addresses, dates of birth, case numbers, hold
terms); the learned layer reads the judgement in the policy's words (3xx.5(a)-(f), general policy IV.B).
"""
