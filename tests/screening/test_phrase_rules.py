"""The phrase and lexicon rules (3xx.5 a, c-f): safety, prejudicial, political, commercial, personal, abusive
and the investigation wording rule. Each code with examples of our own and the near-misses that must stay
clean ("presumed innocent", "vote for the K-9's name", a named adult arrestee, the recruitment ad)."""

import pytest

CASES = {
    "safety": (
        [
            "Fair warning: it's just one officer on duty for the entire city tonight.",
            "We are short-staffed tonight, with only a handful of patrol units covering the east side.",
            "Only two officers are on patrol tonight, so expect delays.",
            "LIVE: SWAT is stacked at the back door of the house on Quarry Lane right now.",
            "Right now officers are positioned behind the Safeway and the K-9 unit is staged at the corner.",
            "Happening now: deputies are surrounding the warehouse on Bridgehead Road.",
            "Detective Maria Lopez has been working undercover inside the gang for three months.",
            "Our undercover officer, Sgt. Ray Diaz, has bought drugs from the same dealer four times.",
            "Officer Nate Briggs just moved into his new house on Sellers Avenue, say hi!",
            "Meet Officer Jen Wu! You'll find her walking her kids to Vintage Parkway Elementary every morning.",
        ],
        [
            "Only two officers were injured in the crash, and both will recover.",
            "We need more officers! We are hiring lateral and entry-level officers now.",
            "Last night officers were positioned around the home before the suspect surrendered.",
            "Officers will be posted at intersections along the parade route on Saturday.",
            "Avoid Elm Lane while officers handle a barricaded subject; we'll post when it reopens.",
            "Plainclothes and uniformed officers will be watching crosswalks next week.",
            "Captain Ana Ruiz retires this week and thanks her husband and children for their support.",
            "Welcome Officer Jen Wu, who joins us from San Ramon PD with her husband and two children.",
            "Happy birthday to Officer Ben Castillo!",
        ],
    ),
    "prejudicial": (
        [
            "Curtis Hale, arrested for the assault, is guilty as sin.",
            "We caught the guy who did it. Devon Marsh is clearly guilty.",
            "The suspect admitted to stealing the bikes during an interview.",
            "Sunday's arson suspect, Greg Oyler, has confessed to setting three fires.",
            "This thug will finally get what he deserves.",
            "We're confident the jury will see it our way when this goes to trial.",
            "There's no doubt Kevin Lyle killed his neighbor.",
            "Let's hope the judge throws the book at him.",
        ],
        [
            "Like anyone charged with a crime, he is presumed innocent until proven guilty in a court of law.",
            "Brandon Oakes, 42, was arrested on suspicion of felony vandalism and booked into county jail.",
            "Feeling guilty about skipping the bike lock? Don't risk it.",
            "Kevin Lyle has been charged with murder and is scheduled to appear in court Monday.",
            "A man was admitted to the hospital in stable condition.",
            "An innocent bystander was hurt; the suspect remains at large.",
            "The jury returned a verdict Friday; sentencing is set for May.",
        ],
    ),
    "political": (
        [
            "Vote YES on Measure S to fund ten new patrol officers!",
            "Support Measure K and keep our community safe!",
            "The department proudly endorses Councilmember Diane Forsyth for mayor.",
            "We proudly support Jim Frazier for Sheriff.",
            "Make sure she gets your vote on November 5!",
            "Thanks to the Democrats in Sacramento, burglars face zero consequences.",
            "Republicans in the legislature keep cutting our funding.",
            "Remember that the next time you fill out your ballot.",
        ],
        [
            "Vote for your favourite name for our new K-9 partner: Ranger, Koda or Blue!",
            "Election Day is Tuesday. Polling places open at 7 a.m.; expect traffic near City Hall.",
            "Our Click It or Ticket campaign runs May 20 through June 2.",
            "Voters will decide on Measure K in November; the city clerk has information.",
            "Mayor Sue Higgins visited the station to thank our dispatchers.",
            "The department does not endorse any candidate for office.",
            "Great turnout at the Democrats and Republicans joint forum on public safety. Thanks to both parties.",
        ],
    ),
    "commercial": (
        [
            "Our friends at SecureNest are giving residents 25% off installation with promo code ACPD25.",
            "Mention this post when you book and he'll take $20 off a full detail!",
            "The DashGuard dash cam is on sale now at Bay Tech for just $89.99.",
            "Use code SWEETROSE for a free cupcake with any dozen.",
            "Tony's Pizza is offering 20% off any large pizza this weekend.",
            "New tires are available at Delta Tire for only $99 each.",
            "Selling my old fishing boat, $2,500 or best offer.",
        ],
        [
            "Scam alert: callers are demanding gift cards to clear a so-called warrant.",
            "Scammers post fake listings promising 50% off concert tickets. If it seems too good to be true, it is.",
            "Free child car seat inspections this Saturday at the station.",
            "Now hiring: salary $98,400 to $125,600 plus a $10,000 hiring incentive.",
            "National Night Out: free hot dogs, fire engine tours and a K-9 demonstration.",
            "Move your bags to the trunk before you walk into the next store.",
            "Violations of Vehicle Code 23152 will be cited.",
        ],
    ),
    "personal": (
        [
            "Off to Cabo for two weeks with the family! Don't miss me too much.",
            "Please help my daughter's softball team get to nationals. Donate at gofundme!",
            "Hot take: the new series is the worst thing I've watched all year.",
            "My husband and I are opening a yoga studio downtown next month!",
            "I'm heading to Lake Tahoe with my kids for spring break.",
            "Unpopular opinion: pineapple belongs on pizza.",
        ],
        [
            '"I joined the department to serve the community I grew up in," says Officer Dana Cole.',
            "Headed to Oakley Elementary this morning for career day! Thanks for the great questions.",
            "We'll be at the Almond Festival all weekend. Come say hi to our K-9 team!",
            "Planning a vacation? Ask us for a free vacation house check before you go.",
        ],
    ),
    "abusive": (
        [
            "Those junkie bums leave nothing but trash and needles wherever they go.",
            "The loony-left morons on the council want to slash our budget.",
            "Ignore the nutcase yelling on 3rd Street.",
            "Ladies, if you're into handcuffs, these boys would love to give you a private demonstration.",
            "Our officers look so hot in their new uniforms. Come get arrested!",
            "These lazy homeless freeloaders are ruining downtown.",
            "This drunk moron drove 110 mph on Highway 4.",
        ],
        [
            "Officers checked on people experiencing homelessness and handed out blankets.",
            "Animal control found three loose goats. Trash pickup is delayed one day.",
            "A naked-eye view of the meteor shower is best after midnight.",
            "Are you an adrenaline junkie? Join our SWAT team!",
            "Ladies' self-defense class this Saturday at the community center.",
            "It's going to be so hot this weekend; check on your neighbors.",
        ],
    ),
    "investigation": (
        [
            "We've had a GPS tracker on the main dealer's car since March.",
            "Detectives pulled a handgun out of a storm drain and sent it to the crime lab. No arrests yet.",
            "We have an informant inside the crew selling fentanyl, and arrests are coming.",
            "Investigators are tracking the suspect's phone through cell tower records.",
            "The suspect remains at large. Detectives recovered his fingerprints and await the crime lab.",
        ],
        [
            "Car thieves sometimes hide GPS trackers under bumpers to follow cars home.",
            "A jury convicted Aaron Flett; DNA evidence and ballistics testing were key, and he was sentenced.",
            "Our crime lab is hiring a technician to process evidence from cases across the county.",
            "Officers arrested the man and recovered a loaded handgun from his waistband.",
        ],
    ),
}

FINDS = [(code, text) for code, (positives, _) in CASES.items() for text in positives]
CLEAN = [(code, text) for code, (_, near_misses) in CASES.items() for text in near_misses]


@pytest.mark.parametrize(("code", "text"), FINDS)
def test_finds(found, code, text):
    assert code in found(text), found(text)


@pytest.mark.parametrize(("code", "text"), CLEAN)
def test_near_misses_are_clean(found, code, text):
    assert code not in found(text), found(text)


def test_category_recruitment_keeps_a_testimonial_about_family_clean(found):
    text = "I moved here for this job and my family loves Oakley. Apply today!"
    assert "personal" in found(text, "community_engagement")
    assert "personal" not in found(text, "recruitment")
