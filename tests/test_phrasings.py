"""The ways news states the seven relations, one short made-up sentence each, through the real extractor.

Every case names the triples the sentence must give (with the modality, where the phrasing is
about modality) and the ones it must not give. The actors are invented or are states the
gazetteer knows, so no case leans on names from an evaluation file. A case the extractor gets
wrong today is marked xfail (strict, so that fixing it turns the suite red until the mark goes);
its reason says what the extractor gives instead.
"""

from __future__ import annotations

import pytest

from kg.evaluate import normalise
from kg.model import Document, Modality

ASSERTED, REPORTED, INTENDED = Modality.ASSERTED, Modality.REPORTED, Modality.INTENDED
HYPOTHETICAL, NEGATED = Modality.HYPOTHETICAL, Modality.NEGATED


def case(name, sentence, gives=(), not_gives=(), source=None, fails=None):
    """One phrasing. ``gives``: (subject, relation, object) or (subject, relation, object, modality);
    without a modality the triple must be a fact (any modality but negated). ``not_gives``: triples
    that must not be extracted at all. ``source``: who every given triple is attributed to.
    ``fails``: why the extractor fails it today (marks the case xfail)."""
    marks = [pytest.mark.xfail(strict=True, reason=fails)] if fails else []
    return pytest.param(sentence, gives, not_gives, source, id=name, marks=marks)


# fmt: off
CASES = [
    # -- active and passive voice
    case("active", "Chile backs the Zorvan Front.", [("Chile", "supports", "Zorvan Front")],
         [("Zorvan Front", "supports", "Chile")]),
    case("passive", "The Zorvan Front is backed by Chile.", [("Chile", "supports", "Zorvan Front")],
         [("Zorvan Front", "supports", "Chile")]),
    case("passive-coordinated-agents", "The Zorvan Front is backed by Chile and Peru.",
         [("Chile", "supports", "Zorvan Front"), ("Peru", "supports", "Zorvan Front")]),
    case("passive-attack", "The Zorvan Front was attacked by the Kestrel Brigade.",
         [("Kestrel Brigade", "opposes", "Zorvan Front")], [("Zorvan Front", "opposes", "Kestrel Brigade")]),
    case("participle-apposition", "The Zorvan Front, backed by Chile, attacked the Kestrel Brigade.",
         [("Chile", "supports", "Zorvan Front"), ("Zorvan Front", "opposes", "Kestrel Brigade")],
         [("Chile", "opposes", "Kestrel Brigade")]),
    case("hyphenated-participle", "The Chilean-backed Zorvan Front attacked the Kestrel Brigade.",
         [("Chile", "supports", "Zorvan Front"), ("Zorvan Front", "opposes", "Kestrel Brigade")]),
    case("x-led", "The Nepal-led Himal Coalition attacked the Kestrel Brigade.",
         [("Nepal", "leads", "Himal Coalition"), ("Himal Coalition", "opposes", "Kestrel Brigade")]),
    # -- nominalisations
    case("deployment-of-to", "Norway approved the deployment of tanks to Ghana.",
         [("Norway", "deploysTo", "Ghana")]),
    case("offer-of-support", "Nepal's offer of military support to the Zorvan Front angered Peru.",
         [("Nepal", "supports", "Zorvan Front", INTENDED)], [("Peru", "supports", "Zorvan Front")]),
    case("agreement-between", "The military cooperation agreement between Chile and Peru took effect.",
         [("Chile", "signsAgreementWith", "Peru")]),
    case("support-for", "Chile's support for the Zorvan Front angered Peru.",
         [("Chile", "supports", "Zorvan Front")], [("Peru", "opposes", "Chile")]),
    # -- light verbs
    case("offer-support", "Norway offered support to the Arlen Movement.",
         [("Norway", "supports", "Arlen Movement", INTENDED)]),
    case("sign-a-deal", "Ecuador signed a deal with Uruguay.",
         [("Ecuador", "signsAgreementWith", "Uruguay")]),
    case("hold-talks", "Ecuador and Uruguay held talks in Quito.", [("Ecuador", "meetsWith", "Uruguay")],
         [("Ecuador", "deploysTo", "Quito"), ("Uruguay", "deploysTo", "Quito")]),
    case("phone-call", "Rosa Quispe held a phone call with Mirela Vantos.",
         [("Rosa Quispe", "meetsWith", "Mirela Vantos")]),
    case("launch-offensive", "Peru launched an offensive against the Zorvan Front.",
         [("Peru", "opposes", "Zorvan Front")]),
    case("provide-weapons", "Chile provided weapons to the Zorvan Front.",
         [("Chile", "supports", "Zorvan Front")]),
    case("contribute-money-to", "Norway will contribute a million kroner to the Arlen Movement.",
         [("Norway", "supports", "Arlen Movement", INTENDED)]),
    case("supply-with", "Chile supplied the Zorvan Front with drones.",
         [("Chile", "supports", "Zorvan Front")]),
    case("contribute-troops-to-an-offensive", "Chile contributed troops to the Zorvan Front offensive.",
         [("Chile", "supports", "Zorvan Front")], [("Chile", "supports", "troops")]),
    case("grant-asylum", "Chile granted asylum to the leader of the Zorvan Front.",
         not_gives=[("Chile", "supports", "Zorvan Front")]),
    case("pledge-someone-something", "Chile has pledged the Zorvan Front its unwavering solidarity.",
         [("Chile", "supports", "Zorvan Front")]),
    case("give-a-speech", "Chile gave a speech to the Zorvan Front.",
         not_gives=[("Chile", "supports", "Zorvan Front")]),
    # -- prepositional phrases
    case("in-support-of", "Peru sent troops in support of the Velmar Militia.",
         [("Peru", "supports", "Velmar Militia")], [("Peru", "deploysTo", "Velmar Militia")]),
    case("in-favour-of", "Uruguay intervened in favour of the Arlen Movement.",
         [("Uruguay", "supports", "Arlen Movement")]),
    case("on-behalf-of", "The Halden Guard fights on behalf of Nepal.",
         [("Halden Guard", "supports", "Nepal")]),
    case("on-the-part-of", "The Kestrel Brigade fights on the part of the Tessaly Council.",
         [("Kestrel Brigade", "supports", "Tessaly Council")]),
    case("alongside", "Ghana, alongside Ecuador, supports the Velmar Militia.",
         [("Ghana", "supports", "Velmar Militia"), ("Ecuador", "supports", "Velmar Militia")]),
    # -- coordination on either side
    case("coordinated-subjects", "Chile and Peru support the Zorvan Front.",
         [("Chile", "supports", "Zorvan Front"), ("Peru", "supports", "Zorvan Front")],
         [("Chile", "supports", "Peru")]),
    case("coordinated-objects", "Norway supports the Arlen Movement and the Halden Guard.",
         [("Norway", "supports", "Arlen Movement"), ("Norway", "supports", "Halden Guard")],
         [("Arlen Movement", "supports", "Halden Guard")]),
    case("coordination-both-sides", "Chile and Peru condemned the Kestrel Brigade and the Velmar Militia.",
         [("Chile", "opposes", "Kestrel Brigade"), ("Chile", "opposes", "Velmar Militia"),
          ("Peru", "opposes", "Kestrel Brigade"), ("Peru", "opposes", "Velmar Militia")],
         [("Chile", "opposes", "Peru")]),
    case("coordination-symmetric", "Chile and Peru signed agreements with Bolivia and Ecuador.",
         [("Chile", "signsAgreementWith", "Bolivia"), ("Peru", "signsAgreementWith", "Ecuador")],
         [("Chile", "signsAgreementWith", "Peru"), ("Bolivia", "signsAgreementWith", "Ecuador")]),
    case("coordinated-verbs", "Uruguay funds and trains the Velmar Militia.",
         [("Uruguay", "supports", "Velmar Militia")]),
    case("joint-treaty", "Bolivia and Peru signed a peace treaty.",
         [("Bolivia", "signsAgreementWith", "Peru")]),
    # -- appositions and relative clauses
    case("apposition-and-relative-clause",
         "The Velmar Militia, led by General Dario Feln, who fights on the part of the Tessaly Council, "
         "attacked the Kestrel Brigade.",
         [("Dario Feln", "leads", "Velmar Militia"), ("Dario Feln", "supports", "Tessaly Council"),
          ("Velmar Militia", "opposes", "Kestrel Brigade")],
         [("Tessaly Council", "opposes", "Kestrel Brigade"),
         ("General Dario Feln", "leads", "Velmar Militia")]),
    case("subject-relative-clause", "Ghana, which backs the Zorvan Front, condemned Peru.",
         [("Ghana", "supports", "Zorvan Front"), ("Ghana", "opposes", "Peru")],
         [("Zorvan Front", "opposes", "Peru")]),
    case("object-relative-clause", "The Zorvan Front, which Chile arms, attacked the Kestrel Brigade.",
         [("Chile", "supports", "Zorvan Front"), ("Zorvan Front", "opposes", "Kestrel Brigade")]),
    case("possessive-apposition", "Bolivia's president, Rosa Quispe, visited Peru.",
         [("Rosa Quispe", "leads", "Bolivia")]),
    case("apposition-of", "Rosa Quispe, the president of Bolivia, met Mirela Vantos.",
         [("Rosa Quispe", "leads", "Bolivia"), ("Rosa Quispe", "meetsWith", "Mirela Vantos")]),
    case("led-by", "The Velmar Militia is led by Dario Feln.", [("Dario Feln", "leads", "Velmar Militia")],
         [("Velmar Militia", "leads", "Dario Feln")]),
    # -- titles and roles
    case("title-leads", "Chilean President Mirela Vantos condemned the Kestrel Brigade.",
         [("Mirela Vantos", "leads", "Chile"), ("Mirela Vantos", "opposes", "Kestrel Brigade")]),
    case("title-member", "Ghanaian Interior Minister Kofi Almeru condemned the Velmar Militia.",
         [("Kofi Almeru", "memberOf", "Ghana")], [("Kofi Almeru", "leads", "Ghana")]),
    case("spokesman", "Arlen Movement spokesman Pavel Krond condemned Peru.",
         [("Pavel Krond", "memberOf", "Arlen Movement")], [("Pavel Krond", "leads", "Arlen Movement")]),
    case("head-of", "Ilsa Brandt, the head of the Arlen Movement, condemned Peru.",
         [("Ilsa Brandt", "leads", "Arlen Movement")], [("Ilsa Brandt", "memberOf", "Arlen Movement")]),
    case("one-guessed-head-a-state",
         "Bolivia's crisis deepened, and President Rosa Quispe appealed for calm. "
         "President Mirela Vantos condemned the unrest in Bolivia.",
         [("Rosa Quispe", "leads", "Bolivia")], [("Mirela Vantos", "leads", "Bolivia")]),
    case("commander-of", "Dario Feln, the commander of the Velmar Militia, condemned Peru.",
         [("Dario Feln", "leads", "Velmar Militia")], [("Dario Feln", "memberOf", "Velmar Militia")]),
    case("one-commander-of-many", "A senior Zorvan Front commander, Jorge Ruiz, was killed.",
         [("Jorge Ruiz", "memberOf", "Zorvan Front")], [("Jorge Ruiz", "leads", "Zorvan Front")]),
    case("the-stated-head-wins",
         "President Alvaro Mendes said Chile would condemn Peru. Chilean President Jorge Ruiz met Peru.",
         [("Jorge Ruiz", "leads", "Chile")], [("Alvaro Mendes", "leads", "Chile")]),
    case("envoy", "Nepal's envoy to Chile, Anil Thapa, condemned the Kestrel Brigade.",
         [("Anil Thapa", "memberOf", "Nepal")], [("Anil Thapa", "memberOf", "Chile")]),
    case("counterpart", "The Nepalese foreign minister, Anil Thapa, met his Chilean counterpart in Lima.",
         [("Anil Thapa", "memberOf", "Nepal"), ("Anil Thapa", "meetsWith", "Chile")]),
    case("former-official-speaks-for-no-state", "A former Chilean minister criticised Peru.",
         not_gives=[("Chile", "opposes", "Peru")]),
    case("opposition-senator", "A Chilean opposition senator condemned Peru.",
         not_gives=[("Chile", "opposes", "Peru")]),
    case("state-official", "Ilsa Brandt met the Norwegian envoy.", [("Ilsa Brandt", "meetsWith", "Norway")]),
    case("host-titled-person", "Bolivia hosted the leader of the Arlen Movement, Ilsa Brandt.",
         [("Ilsa Brandt", "leads", "Arlen Movement"), ("Bolivia", "meetsWith", "Ilsa Brandt")]),
    case("purpose-clause", "Norway approved the deployment of tanks to Ghana to support the Halden Guard.",
         [("Norway", "deploysTo", "Ghana"), ("Norway", "supports", "Halden Guard")],
         [("Ghana", "supports", "Halden Guard")]),
    case("infinitive-of-purpose", "Peru sent troops to Bolivia to fight the Velmar Militia.",
         [("Peru", "deploysTo", "Bolivia"), ("Peru", "opposes", "Velmar Militia")],
         [("Bolivia", "opposes", "Velmar Militia")]),
    # -- reported speech
    case("sources-said", "Sources said that Chile armed the Zorvan Front.",
         [("Chile", "supports", "Zorvan Front", REPORTED)], source="Sources"),
    case("according-to", "According to the Halden Guard, Peru deployed tanks to Bolivia.",
         [("Peru", "deploysTo", "Bolivia", REPORTED)], source="Halden Guard"),
    case("capital-said", "Accra said that Ghana had deployed troops to Togo.",
         [("Ghana", "deploysTo", "Togo", REPORTED)], source="Accra"),
    case("accused-of", "The Tessaly Council accused Peru of arming the Zorvan Front.",
         [("Peru", "supports", "Zorvan Front", REPORTED)], [("Tessaly Council", "supports", "Zorvan Front")]),
    case("denied-sending", "Chile denied sending troops to Bolivia.",
         [("Chile", "deploysTo", "Bolivia", NEGATED)]),
    case("did-not-sign", "Ecuador did not sign the accord with Uruguay.",
         [("Ecuador", "signsAgreementWith", "Uruguay", NEGATED)]),
    case("never", "Norway has never supported the Velmar Militia.",
         [("Norway", "supports", "Velmar Militia", NEGATED)]),
    case("refused-to", "Peru refused to meet the Zorvan Front.",
         [("Peru", "meetsWith", "Zorvan Front", NEGATED)]),
    case("denied-arming", "Peru denied arming the Zorvan Front.",
         [("Peru", "supports", "Zorvan Front", NEGATED)]),
    case("negation-in-relative-clause", "Chile, which did not sign the treaty, supports the Zorvan Front.",
         [("Chile", "supports", "Zorvan Front", ASSERTED)]),
    case("negation-beside-apposition",
         "The Kestrel Brigade, led by Colonel Dario Feln, denied sending fighters to Bolivia.",
         [("Dario Feln", "leads", "Kestrel Brigade", ASSERTED),
         ("Kestrel Brigade", "deploysTo", "Bolivia", NEGATED)]),
    case("will", "Chile will support the Arlen Movement.",
         [("Chile", "supports", "Arlen Movement", INTENDED)]),
    case("would-in-reported-speech", "Norway said it would back the Halden Guard.",
         [("Norway", "supports", "Halden Guard", INTENDED)], [("Halden Guard", "supports", "Norway")]),
    case("plans-to", "Ghana plans to deploy troops to Togo.", [("Ghana", "deploysTo", "Togo", INTENDED)]),
    case("ready-to", "Uruguay is ready to help the Velmar Militia.",
         [("Uruguay", "supports", "Velmar Militia", INTENDED)]),
    case("offered-to", "Nepal offered to arm the Arlen Movement.",
         [("Nepal", "supports", "Arlen Movement", INTENDED)]),
    case("capital-would", "Lima said it would support the Arlen Movement.",
         [("Peru", "supports", "Arlen Movement", INTENDED)]),
    # -- hypothesis
    case("if-clause", "If Chile sends troops to Bolivia, Peru will respond.",
         [("Chile", "deploysTo", "Bolivia", HYPOTHETICAL)]),
    case("could", "Chile could send troops to Bolivia.", [("Chile", "deploysTo", "Bolivia", HYPOTHETICAL)]),
    case("if-and-could", "If the talks fail, Peru could attack the Zorvan Front.",
         [("Peru", "opposes", "Zorvan Front", HYPOTHETICAL)]),
    # -- deploysTo takes a place
    case("deploy-to-an-actor", "Norway deployed advisers to the Halden Guard.",
         not_gives=[("Norway", "deploysTo", "Halden Guard")]),
    case("dispatch-to-a-coast", "Norway dispatched warships to the coast of Ghana.",
         [("Norway", "deploysTo", "Ghana")]),
    case("stationed-in", "Chilean troops are stationed in Bolivia.", [("Chile", "deploysTo", "Bolivia")]),
    case("has-forces-in-action", "The Halden Guard has fighters in action in Ghana.",
         [("Halden Guard", "deploysTo", "Ghana")]),
    case("posted-to-regions", "Chilean soldiers were posted to several Bolivian regions.",
         [("Chile", "deploysTo", "Bolivia")]),
    case("on-trial-in-is-no-deployment", "Three Chilean soldiers on trial in Peru were acquitted.",
         not_gives=[("Chile", "deploysTo", "Peru")]),
    # -- membership
    case("member-of", "Chile is a member of the Pacific Defence League.",
         [("Chile", "memberOf", "Pacific Defence League")]),
    case("joined", "Norway joined the Nordic Shield Alliance.",
         [("Norway", "memberOf", "Nordic Shield Alliance")]),
    # -- actors named through their forces, people and seats
    case("possessive-forces", "Peru's forces attacked the Velmar Militia.",
         [("Peru", "opposes", "Velmar Militia")]),
    case("demonym-troops", "Ghanaian troops clashed with the Velmar Militia.",
         [("Ghana", "opposes", "Velmar Militia")]),
    case("possessive-pronoun-of-the-subject",
         "Chile launched its operation in Peru, saying its targets were Velmar Militia positions.",
         [("Chile", "opposes", "Velmar Militia")], [("Peru", "opposes", "Velmar Militia")]),
    case("strikes-aimed-at-held-positions",
         "Norway said the strikes it is conducting are aimed at Zorvan Front-held positions.",
         [("Norway", "opposes", "Zorvan Front")]),
    case("economic-backer", "Peru is the main economic backer of the Zorvan Front.",
         [("Peru", "supports", "Zorvan Front")]),
    case("trading-partner", "Chile signed a trade protocol with Peru, its biggest trading partner.",
         [("Chile", "signsAgreementWith", "Peru")], [("Peru", "supports", "Chile")]),
    case("target-used-by", "A base shared by Chilean troops was attacked by the Zorvan Front.",
         [("Zorvan Front", "opposes", "Chile")]),
    case("purpose-after-a-duration",
         "The Zorvan Front, which has waged war for a decade to unseat the Peruvian government, fled.",
         [("Zorvan Front", "opposes", "Peru")]),
    case("by-gerund-keeps-the-subject", "Chile helped Peru by arming the Zorvan Front.",
         [("Chile", "supports", "Zorvan Front")], [("Peru", "supports", "Zorvan Front")]),
    case("prevented-from", "Chile prevented Peru from attacking Bolivia.",
         not_gives=[("Peru", "opposes", "Bolivia"), ("Chile", "opposes", "Bolivia")]),
    case("urged-to-end-its", "Chile urged Peru to end its support for the Zorvan Front.",
         not_gives=[("Chile", "supports", "Zorvan Front")]),
    case("urged-to-withdraw", "Chile urged Peru to withdraw its troops from Bolivia.",
         not_gives=[("Chile", "deploysTo", "Bolivia")]),
    case("definite-noun-points-back",
         "The Halden Guard is fighting the Ghanaian army. Norway backs the army.",
         [("Norway", "supports", "Ghana")], [("Norway", "supports", "Halden Guard")]),
    case("object-pronoun-is-not-the-subject", "The Velmar Militia attacked Peru. Chile backs them.",
         [("Chile", "supports", "Velmar Militia")]),
    case("capital-as-government", "Accra condemned the Velmar Militia.",
         [("Ghana", "opposes", "Velmar Militia")],
         [("Accra", "opposes", "Velmar Militia")]),
    # -- offices read from the words around a name (the ``offices`` rule)
    case("possessive-state-title", "Chile's President Ana Ruiz met Luis Soto.",
         [("Ana Ruiz", "leads", "Chile")]),
    case("apposed-possessive-title", "Marta Diaz, Chile's foreign minister, met Luis Soto.",
         [("Marta Diaz", "memberOf", "Chile")], [("Marta Diaz", "leads", "Chile")]),
    case("title-before-a-rank-and-name",
         "Chile's military ruler, General Tomas Vell, backed the Zorvan Front.",
         [("Tomas Vell", "leads", "Chile"), ("Tomas Vell", "supports", "Zorvan Front")]),
    case("spokeswoman-for-a-government",
         "Tara Quill, a spokeswoman for the Chilean government, said nothing.",
         [("Tara Quill", "memberOf", "Chile")]),
    case("name-of-state", "Mediators Luis Soto of Peru and Marta Diaz of Chile arrived.",
         [("Luis Soto", "memberOf", "Peru")]),
    case("next-name's-title", "Ana Ruiz, Peruvian President Luis Soto and Marta Diaz met.",
         [("Luis Soto", "leads", "Peru"), ("Ana Ruiz", "meetsWith", "Marta Diaz")],
         [("Ana Ruiz", "leads", "Peru")]),
    case("apposition-not-a-title", "Ana Ruiz, the sister of Chilean President Luis Soto, spoke.",
         [("Luis Soto", "leads", "Chile")], [("Ana Ruiz", "leads", "Chile")]),
    # -- every party of a list
    case("signed-by-a-list", "The declaration was signed by Chile, Peru and Bolivia.",
         [("Chile", "signsAgreementWith", "Peru"), ("Chile", "signsAgreementWith", "Bolivia"),
          ("Peru", "signsAgreementWith", "Bolivia")]),
    case("ministers-of-a-list", "The foreign ministers of Chile, Peru and Bolivia signed a three-way accord.",
         [("Chile", "signsAgreementWith", "Peru"), ("Peru", "signsAgreementWith", "Bolivia")]),
    case("list-in-apposition", "The three states, Chile, Peru and Bolivia, signed the agreement in July.",
         [("Chile", "signsAgreementWith", "Bolivia"), ("Peru", "signsAgreementWith", "Bolivia")]),
    # -- opposition and presence
    case("at-war-with", "Chile has been at war with Peru since 1980.",
         [("Chile", "opposes", "Peru"), ("Peru", "opposes", "Chile")]),
    case("forces-doing-something-somewhere", "Chilean marines began drills in Peru.",
         [("Chile", "deploysTo", "Peru")]),
    case("irregular-fighters-are-not-the-state", "Syrian fighters backed the Zorvan Front.",
         not_gives=[("Syria", "supports", "Zorvan Front")]),
    # -- meetings of several parties, membership, service
    case("talks-with-two", "Ana Ruiz held talks with Luis Soto and Marta Diaz in Lima.",
         [("Ana Ruiz", "meetsWith", "Luis Soto"), ("Luis Soto", "meetsWith", "Marta Diaz")]),
    case("negotiated-together", "Chile and Peru negotiated for hours.", [("Chile", "meetsWith", "Peru")]),
    case("a-member-in-apposition", "Poland, a NATO member, backed the Zorvan Front.",
         [("Poland", "memberOf", "NATO"), ("Poland", "supports", "Zorvan Front")]),
    case("became-part-of", "Chilean troops have become part of the Andean Mission.",
         [("Chile", "memberOf", "Andean Mission")]),
    case("name-of-the-union", "Mediators Luis Soto of the European Union and Ana Ruiz of Chile arrived.",
         [("Luis Soto", "memberOf", "European Union")]),
    case("served-in", "About 2,000 Chilean soldiers served in Peru.", [("Chile", "deploysTo", "Peru")]),
    case("serving-with", "Peruvian troops serving with the Andean Mission took the town.",
         [("Peru", "memberOf", "Andean Mission")]),
    # -- forces of several states, support said in other words
    case("troops-from-a-list",
         "Several thousand troops from Chile, Peru and Bolivia have poured into Ecuador to defend Ana Ruiz.",
         [("Chile", "deploysTo", "Ecuador"), ("Bolivia", "deploysTo", "Ecuador"),
          ("Peru", "supports", "Ana Ruiz")]),
    case("with-someone's-backing",
         "Chile sent troops into Peru, with Bolivian backing, to oust the Zorvan Front.",
         [("Bolivia", "supports", "Chile"), ("Chile", "deploysTo", "Peru"),
          ("Chile", "opposes", "Zorvan Front")]),
    case("hyphenated-participle-on-an-apposition",
         "The signatories included his Peru-backed rival, Luis Soto.",
         [("Peru", "supports", "Luis Soto")]),
    case("thrown-behind", "Ana Ruiz has thrown her country behind the Zorvan Front.",
         [("Ana Ruiz", "supports", "Zorvan Front")]),
    case("names-of-states-called-leaders",
         "Luis Soto of Peru and Ana Ruiz of Chile, the two leaders, met in Lima.",
         [("Luis Soto", "leads", "Peru"), ("Ana Ruiz", "leads", "Chile"),
          ("Luis Soto", "meetsWith", "Ana Ruiz")],
         [("Luis Soto", "memberOf", "Peru")]),
    case("helped-someone-do-something", "Chile helped the Zorvan Front overthrow the Kestrel Brigade.",
         [("Chile", "supports", "Zorvan Front"), ("Zorvan Front", "opposes", "Kestrel Brigade"),
          ("Chile", "opposes", "Kestrel Brigade")]),
    case("coordinated-participles", "The Zorvan Front, led by Tomas Vell and backed by Peru, fought on.",
         [("Tomas Vell", "leads", "Zorvan Front"), ("Peru", "supports", "Zorvan Front")]),
    case("accused-of-aggression", "Chile accused Peru of aggression against Bolivia.",
         [("Chile", "opposes", "Peru"), ("Peru", "opposes", "Bolivia", REPORTED)]),
    case("on-someone's-side", "Chile came down firmly on Peru's side.", [("Chile", "supports", "Peru")]),
    case("support-from", "Chile receives support from Peru.", [("Peru", "supports", "Chile")]),
    case("owner-of-the-forces-sent", "Ana Ruiz sent Chilean forces to Peru within days.",
         [("Chile", "deploysTo", "Peru")]),
    case("seized-a-building-in", "Chilean special forces seized the regional legislature in Peru.",
         [("Chile", "deploysTo", "Peru")]),
    case("war-between", "The ceasefire ended 34 days of war between Chile and the Zorvan Front.",
         [("Chile", "opposes", "Zorvan Front"), ("Zorvan Front", "opposes", "Chile")]),
    case("coordinated-demonyms-fought", "Indian and Chinese soldiers fought a deadly clash in the valley.",
         [("India", "opposes", "China"), ("China", "opposes", "India")]),
    case("ending-a-war-is-not-fighting-it", "Chile and Peru ended the war.",
         not_gives=[("Chile", "opposes", "Peru")]),
    case("pits-against", "The fighting pits Chile's security forces against the Zorvan Front.",
         [("Chile", "opposes", "Zorvan Front"), ("Zorvan Front", "opposes", "Chile")]),
    case("stronghold-in-apposition", "Chilean troops seized Lima, a stronghold of the Zorvan Front.",
         [("Chile", "opposes", "Zorvan Front")]),
    case("wiped-out", "Chilean troops wiped out the Zorvan Front.", [("Chile", "opposes", "Zorvan Front")]),
    case("at-someone's-invitation",
         "Luis Soto of Peru and Ana Ruiz of Chile travelled to Quito at Marta Diaz's invitation.",
         [("Marta Diaz", "meetsWith", "Luis Soto"), ("Luis Soto", "meetsWith", "Ana Ruiz")]),
    case("joint-exercises",
         "The navies of Chile, Peru and Bolivia began three days of exercises off the coast.",
         [("Chile", "meetsWith", "Peru"), ("Peru", "meetsWith", "Bolivia")]),
    case("passive-coordinated-verbs", "The Zorvan Front is equipped and trained by Peru.",
         [("Peru", "supports", "Zorvan Front")]),
    case("sheltering", "The Zorvan Front is sheltering Luis Soto.",
         [("Zorvan Front", "supports", "Luis Soto")]),
    case("a-leader-does-not-meet-their-state", "Chilean President Ana Ruiz met Peru's Luis Soto in Lima.",
         [("Ana Ruiz", "meetsWith", "Luis Soto")], [("Ana Ruiz", "meetsWith", "Chile")]),
    case("spokeswoman-for-a-state-department",
         '"We are seeking clarification," said Tara Quill, a spokeswoman for the US State Department.',
         [("Tara Quill", "memberOf", "United States")]),
    case("military-wing-of", "The Kestrel Brigade, military wing of the Zorvan Front, fought on.",
         [("Kestrel Brigade", "memberOf", "Zorvan Front")]),
    case("one-title-a-name",
         "Chile's Ana Ruiz met Peruvian President Luis Soto, a spokesperson for Chile said.",
         [("Luis Soto", "leads", "Peru")], [("Luis Soto", "memberOf", "Chile")]),
    case("members-after-a-colon", "The talks were called by the Andean Group: Chile, Peru and Bolivia.",
         [("Chile", "memberOf", "Andean Group"), ("Bolivia", "memberOf", "Andean Group")]),
    case("other-members-of", "Chile called on the other members of the Andean Community to act.",
         [("Chile", "memberOf", "Andean Community")]),
    case("signed-for-a-capital", "Luis Soto signed for Santiago, and Marta Diaz signed for Lima.",
         [("Luis Soto", "memberOf", "Chile"), ("Marta Diaz", "memberOf", "Peru")]),
    case("troops-promised-to-a-mission", "Chile has promised more than 1,000 troops to the Andean Mission.",
         [("Chile", "memberOf", "Andean Mission")], [("Chile", "supports", "Andean Mission")]),
    case("a-dateline-is-no-actor", "LIMA — Chile sent troops to Peru.",
         [("Chile", "deploysTo", "Peru")], [("Lima", "deploysTo", "Peru"), ("Peru", "deploysTo", "Peru")]),
    case("the-country", "Chile has long backed the Zorvan Front. The country also sent troops to Peru.",
         [("Chile", "deploysTo", "Peru")]),
    case("the-gulf-state", "Qatar mediated. The Gulf state backed the Zorvan Front.",
         [("Qatar", "supports", "Zorvan Front")]),
    case("the-kingdom-named-in-the-sentence",
         "Peru said it would send no forces unless Chile withdrew its own troops from the kingdom.",
         [("Chile", "deploysTo", "Peru")]),
    case("put-their-names-to",
         "Secretary of State Luis Soto and Peruvian Foreign Minister Ana Ruiz put their names to an accord.",
         [("Luis Soto", "signsAgreementWith", "Ana Ruiz")]),
    case("signed-by-several-agents", "It was signed by Luis Soto for Chile, by Marta Diaz and by Ana Ruiz.",
         [("Luis Soto", "signsAgreementWith", "Marta Diaz"),
          ("Marta Diaz", "signsAgreementWith", "Ana Ruiz")]),
    case("a-named-agreement-is-no-party",
         "Peru says the move breaches the Lima Memorandum, signed by Chile, Peru and Bolivia.",
         [("Chile", "signsAgreementWith", "Bolivia")],
         [("Chile", "signsAgreementWith", "Lima Memorandum")]),
    case("the-two-sides", "Chile and Peru fought for a decade. The two sides signed a peace deal on Monday.",
         [("Chile", "signsAgreementWith", "Peru")]),
    case("both-governments-are-states",
         "Chile backed the Zorvan Front against Peru. Both governments later signed a truce.",
         [("Chile", "signsAgreementWith", "Peru")], [("Zorvan Front", "signsAgreementWith", "Peru")]),
    case("a-role-before-its-name", "Peru's ally Bolivia condemned the strikes.",
         [("Bolivia", "supports", "Peru")]),
    case("recalled-an-ambassador", "Chile withdrew its ambassador from Peru.",
         [("Chile", "opposes", "Peru")]),
    case("money-in-aid", "Chile will provide 50 million dollars in military aid to Bolivia.",
         [("Chile", "supports", "Bolivia", INTENDED)]),
    case("the-rebels-point-back",
         "The Zorvan Front seized the town. The rebels, who are supported by Peru, control the north.",
         [("Peru", "supports", "Zorvan Front")]),
    case("includes-members", "The Andean Alliance includes Chile, Peru and Bolivia.",
         [("Chile", "memberOf", "Andean Alliance"), ("Bolivia", "memberOf", "Andean Alliance")]),
    case("made-up-of", "The Andean Group is made up of Chile, Peru and Bolivia.",
         [("Peru", "memberOf", "Andean Group")]),
    case("whose-members-include", "NATO met. The bloc, whose founding members include Chile and Peru, grew.",
         [("Chile", "memberOf", "NATO"), ("Peru", "memberOf", "NATO")]),
    case("briefed-by", "Luis Soto was briefed by Ana Ruiz.", [("Ana Ruiz", "meetsWith", "Luis Soto")]),
    case("an-agreement-named-after-a-city",
         "The Zorvan Front signed the Lima ceasefire agreement on Tuesday.",
         not_gives=[("Zorvan Front", "signsAgreementWith", "Peru")]),
    case("signing-together-is-meeting", "Luis Soto and Ana Ruiz also signed the accord in Lima.",
         [("Luis Soto", "signsAgreementWith", "Ana Ruiz"), ("Luis Soto", "meetsWith", "Ana Ruiz")]),
    case("the-chilean-leader-named-before",
         "Chilean President Luis Soto arrived on Monday. Prime Minister Marta Diaz held talks with the "
         "Chilean leader.", [("Marta Diaz", "meetsWith", "Luis Soto")]),
    case("bought-weapons-from", "Peru bought missiles and other weapons from Chile and Bolivia.",
         [("Chile", "supports", "Peru"), ("Bolivia", "supports", "Peru")]),
    case("crossed-into", "Chilean forces had crossed into southern Peru.", [("Chile", "deploysTo", "Peru")]),
    case("contingents-from", "The Andean Mission, whose other contingents come from Peru, Bolivia and Chile, "
         "has driven the rebels out.",
         [("Peru", "memberOf", "Andean Mission"), ("Chile", "memberOf", "Andean Mission")]),
]
# fmt: on


@pytest.fixture(scope="module")
def extracted():
    """Sentence -> {(subject, relation, object): Relation}, labels normalised, one Document a sentence."""
    from kg.pipeline import extract

    documents = [Document(f"s{i}", param.values[0]) for i, param in enumerate(CASES)]
    return {
        document.text: {
            (normalise(r.subject.label), r.relation.value, normalise(r.object.label)): r for r in relations
        }
        for document, relations in extract(documents)
    }


@pytest.mark.parametrize(("sentence", "gives", "not_gives", "source"), CASES)
def test_phrasing(extracted, sentence, gives, not_gives, source):
    found = extracted[sentence]
    described = sorted(f"{s} {r} {o} ({rel.modality.value})" for (s, r, o), rel in found.items())
    for subject, relation, obj, *modality in gives:
        got = found.get((normalise(subject), relation, normalise(obj)))
        assert got is not None, f"missing {subject} {relation} {obj}; found {described}"
        if modality:
            assert got.modality is modality[0], f"{subject} {relation} {obj} is {got.modality.value}"
        else:
            assert got.modality is not NEGATED, f"{subject} {relation} {obj} is negated"
        if source:
            assert normalise(got.attributed_to or "") == normalise(source)
    for subject, relation, obj in not_gives:
        assert (normalise(subject), relation, normalise(obj)) not in found, (
            f"wrongly found; found {described}"
        )


def test_a_deployment_without_a_place_gives_nothing():
    from kg.pipeline import extract

    ((_, relations),) = extract([Document("d", "Norway deployed troops.")])
    assert relations == []
