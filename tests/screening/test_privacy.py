"""privacy detectors (3xx.5(b)): each with its own examples and its near-misses."""

import pytest

FINDS = [
    # Social Security numbers, whole or in part, in the usual forms
    ("Her SSN is 412-55-9087, the victim told us.", "412-55-9087"),
    ("A card with the number 412 55 9087 was found.", "412 55 9087"),
    ("His social security number, 412559087, was on the form.", "412559087"),
    ("The form showed xxx-xx-9087 and his address.", "xxx-xx-9087"),
    ("Her Social Security card, number ending in 4329, was taken.", "ending in 4329"),
    ("the last four digits of his SSN were 1188", "1188"),
    # dates of birth, with what says so
    ("Samuel Ortiz, born 11/02/1979, was arrested.", "11/02/1979"),
    ("Lena Ruiz (DOB 03/14/1987) was taken to hospital.", "03/14/1987"),
    ("Her date of birth is March 4, 1961.", "March 4, 1961"),
    ("Missing: Ava Cole (born Jan. 22, 2010).", "Jan. 22, 2010"),
    ("Suspect Dale Frye (07/19/1990) is wanted.", "07/19/1990"),
    # phone numbers and emails that are not the department's
    ("Text the owner, Raul Mendez, at (510) 555-0142 with any tips.", "(510) 555-0142"),
    ("Call her cell: 925.555.0134.", "925.555.0134"),
    ("Reach him at +1 925 555 0177 anytime.", "+1 925 555 0177"),
    ("Email Pedro directly at pedro.alvarez77@gmail.com.", "pedro.alvarez77@gmail.com"),
    # home addresses of victims, witnesses and juveniles
    ("The home of Walter Kim at 4417 Larkspur Drive was burglarized.", "4417 Larkspur Drive"),
    ("Witness Angela Torres, who lives at 881 Marsh Creek Road, saw it.", "881 Marsh Creek Road"),
    ("The teen's family lives at 12 Oak Ct., Apt 4B.", "12 Oak Ct., Apt 4B"),
    # named juveniles, named sexual-assault victims
    ("15-year-old Ava Lindqvist was detained.", "Ava Lindqvist"),
    ("Juvenile suspect Marcus Bell, 16, was detained.", "Marcus Bell"),
    ("Two teens, Jayden Cruz, 15, and Omar Said, 16, were caught.", "Jayden Cruz"),
    ("Her son, Ethan, 9, had been bullied.", "Ethan"),
    ("The missing 12-year-old, Lily, was found safe.", "Lily"),
    ("Update: the missing teen, Lexi Parrish (15), was located at a friend's house.", "Lexi Parrish"),
    ("Detectives are investigating a sexual assault. The victim, Rachel Doyle, 24, was treated.", "Rachel Doyle"),
    ("Paul Grimes is charged with raping Melissa Chen after a party.", "Melissa Chen"),
    # medical or mental-health details of a named person
    ("That was Gary Pruitt again. Everyone knows he's schizophrenic.", "schizophrenic"),
    ("Harold Price, 81, who has dementia, was last seen Monday.", "dementia"),
    ("Robert Kline stopped taking his medication last month.", "medication"),
    # licence and card numbers
    ("Her driver's license D4410823 was stolen.", "D4410823"),
    ("His California driver's license, number B7730291, was taken.", "B7730291"),
    ("The card number 4111 1111 1111 1111 was used twice.", "4111 1111 1111 1111"),
]

CLEAN = [
    "The lobby is closed Monday, May 27, for Memorial Day.",
    "On June 12, 1998, the department was born. Celebrate with us on June 12!",
    "Happy birthday to Officer Dana Cole! Stop by to wish her well on March 3.",
    "For non-emergencies call (925) 555-0100; in an emergency always call 911.",
    "Questions? Email pio@aldercreekpd.org or tips@aldercreekpd.org.",
    "Our records unit is at records@oakley.ca.gov or (925) 625-7000 during business hours.",
    "Call Detective Shaw at (925) 555-0199 with information.",
    "Report scams to the FTC at 1-877-382-4357.",
    "Animal Services asks residents to report strays to (925) 608-8400.",
    "Cars were broken into in the 1200 block of Elm St overnight.",
    "Expect delays at Main Street and Empire Avenue tomorrow.",
    "The Senior Center at 250 Civic Plaza is a cooling center this weekend.",
    "Coffee with a Cop is at the Oakley Library, 1050 Neroly Road, Saturday.",
    "Officers responded to the Shell station at 2400 Main Street for a robbery.",
    "A 17-year-old was arrested; because he is a minor, his name will not be released.",
    "Our Explorer program is open to young people ages 14 to 20.",
    "Brandon Oakes, 42, of Oakley was arrested on suspicion of vandalism.",
    "The victim, Carla Young, 34, was robbed outside her workplace.",
    "Detectives arrested Paul Grimes for the sexual assault of a woman near the transit center.",
    "Our officers completed crisis intervention training to serve residents living with mental illness.",
    "If you or someone you love is struggling with depression, call or text 988.",
    "A man was admitted to the hospital in stable condition after the crash.",
    "The suspect's license plate 8ABC123 was captured by a camera.",
    "Never give your driver's license number to a caller.",
    "Register your bike's serial number with us: it helps return stolen bikes.",
    "Salary range $98,400 to $125,600 plus a $10,000 hiring incentive.",
    "Case 24-01187 is closed; 14 bikes were returned to their owners.",
    # a missing child's alert, published as the family asked (general policy IV.C.1.d)
    "ENDANGERED MISSING CHILD: Lily Harmon, 6, was last seen on Walnut St at 4 pm. Her family asks you to share.",
    "Have you seen Jaxon Hall, 15? He was last seen Sunday near the bypass in a black jacket. Call 911.",
    # a K9's age and breed, and a number that is not an age
    "Meet K9 Rex! He's a 2-year-old Belgian Malinois who loves tennis balls.",
    "Welcome Ranger, a 3-year-old German Shepherd, partnered with Deputy Kyle Salyers.",
    "For sale by the county: a 2019 Polaris Ranger, 1,800 miles, sealed bids by Friday.",
    # a condition named as a cause or an institution
    "Pink Patch sales raised $4,800 for breast cancer research at County General's cancer center.",
    "April is Autism Awareness Month: Officer Dana Reyes will read to students at the library.",
]


@pytest.mark.parametrize(("text", "excerpt"), FINDS)
def test_finds(found, text, excerpt):
    assert excerpt in found(text).get("privacy", []), found(text)


@pytest.mark.parametrize("text", CLEAN)
def test_near_misses_are_clean(found, text):
    assert "privacy" not in found(text), found(text)


def test_a_date_of_birth_message_cites_the_department(details):
    [result] = [r for r in details("Lena Ruiz (DOB 03/14/1987) was hurt.") if r.detector == "privacy.date_of_birth"]
    assert result.message == "A date of birth of a private person (§322.5(b))"
    assert result.citation == "§322.5(b)" and result.severity == "block"
    assert "Lena Ruiz (DOB 03/14/1987) was hurt."[result.start : result.end] == result.excerpt == "03/14/1987"


def test_the_departments_number_in_another_format_is_still_its_own(found):
    assert "privacy" not in found("Call 925.555.0100 or +1 (925) 555-0123 for help.")
