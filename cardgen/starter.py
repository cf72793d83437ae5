"""Input stage: the commented starter file that ``cardgen init`` writes.

With a saved profile (``cardgen profile``) the starter leaves ``candidate:``
out, so the profile supplies it: a placeholder candidate would win over it.
"""

__all__ = ["STARTER", "starter"]

STARTER = """\
# cardgen interview file. Fill it in, then:
#   cardgen check interview.yaml     (finds copy-paste slips, missing details)
#   cardgen make interview.yaml      (writes the emails, plan, cards, envelopes)
# Text is UTF-8: write names exactly as they are spelt (Dvořák, Łukasz, Nguyễn).

candidate:                          # you (leave it out once `cardgen profile` has it)
  name: Your Name
  email: your.name@example.com
  phone: "+1 555 555 0100"          # the signature carries phone and email
  address:                          # your return address (optional)
    street: 12 Elm Street Apt 4
    city: Springfield
    region: IL                      # state / province / county, as the post writes it
    postal_code: "62701"            # quote it, so leading zeros stay
    country: US                     # two-letter code: US, CA, GB, DE, FR ...
  # signature: signature.png        # optional scan, next to this file

company:
  name: Acme Corporation
  culture: conservative             # conservative (mails a card), standard, modern
  address:                          # where cards go unless an interviewer has their own
    street: 400 Market Street, Suite 900
    city: Philadelphia
    region: PA
    postal_code: "19106"
    country: US

role: Associate Analyst
# language: de                      # the notes' language: de, de-AT, de-CH, fr, es, it, nl,
#                                   # pt, pl, cs, sv, en-GB, en-US; else told from each note
interview: {date: 2026-11-20, time: "14:00"}   # the email is due 24 h later
# interview: {date: 2026-11-20, time: "14:00", timezone: America/New_York}
#   with a time zone, plan.ics pins its reminders to it; without, they keep the wall-clock time

interviewers:                       # one entry per person; every note different
  - name: Jane Doe
    title: Director of Finance
    honorific: Ms.                  # Mr., Ms., Mrs., Mx., Dr., Prof., Miss, or Herr, Frau,
                                    # M., Mme … (optional); titles go in the name: Dr. Jane Doe
    email: jane.doe@acme.example
    note: |
      Thank you for meeting with me on Thursday. I enjoyed hearing how your team
      closed the books two days faster this year, and your question about my
      reconciliation project made me think about it in a new way.

      I am excited about the Associate Analyst role and would be glad to bring
      that same care to Acme.
    # email_note: |                 # optional: a longer text for the email only
    #   ...
    # address: {street: ..., city: ..., region: ..., postal_code: "...", country: US}
    # language: fr                  # optional: this note's language, over the file's

# style:                            # optional: override the culture's choices
#   card: a2-flat                   # cardgen layouts
#   envelope: a2
#   font: dancing-script            # cardgen fonts
#   ink: navy                       # navy, blue, black, sepia, green or #rrggbb
#   stock: ivory                    # white, ivory, cream, kraft
#   paper: letter                   # letter or a4
"""

_CANDIDATE_START = "candidate:"
_CANDIDATE_END = "\ncompany:"

FROM_PROFILE = """\
# candidate: comes from your saved profile (see it: cardgen profile --show).
# To use other details for this interview only, add a block here; it wins
# over the profile where it gives a value:
# candidate:
#   name: Your Name
#   email: your.name@example.com
"""


def starter(profile_saved: bool) -> str:
    """The starter file; without ``candidate:`` when a saved profile supplies it."""
    if not profile_saved:
        return STARTER
    start = STARTER.index(_CANDIDATE_START)
    end = STARTER.index(_CANDIDATE_END, start) + 1
    return STARTER[:start] + FROM_PROFILE + "\n" + STARTER[end:]
