"""The learned layer of the screener (issue 13): a calibrated linear SVM per judgement code over the draft's
words, word pairs, letter n-grams, the built-in word lists' cues and the policy's concepts, trained by
`make model` from the shipped corpus (screening/corpus/, never its frozen batch) and built into VAR_DIR, not
committed.

- `features`: what the model reads in a draft (the same code at training and at screening time);
- `concepts`: the policy's concepts as word lists, written from its definitions (features, never findings);
- `corpus`: the labelled drafts and the departments' contexts they were written for;
- `model`: the model: train, save, load, score a draft and say which words weighed most;
- `build`: `python -m screening.learned.build` (what `make model` runs) and `loaded()`, which builds on first use;
- `crossval`: leave-one-batch-out cross-validation that fits each code's calibration and chooses its threshold
  (`make model-thresholds`).

The deterministic detectors keep what patterns do well (phones, addresses, dates of birth, case numbers, hold
terms); the learned layer reads the judgement in the policy's words (3xx.5(a)-(f), general policy IV.B).
"""
