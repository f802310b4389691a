"""Word lists that keep common words, titles, institutions and places out of person names.
All lower-case."""

from __future__ import annotations

# All lower-case. They keep common words, titles and institutions out of person names.

STOP_WORDS = frozenset(
    """
    a à afin ai aie aient aies ait alors as au aucun aucune aujourd'hui auprès aussi autre
    autres aux avaient avais avait avant avec avez aviez avions avoir avons ayant beaucoup bien
    c' ça car ce ceci cela celle celles celui cependant certain certaine certains ces cet cette
    ceux chaque chez ci comme comment contre d' dans de depuis des dès deux devant doit donc dont
    du durant elle elles en encore entre es est et étaient étais était étant été être eu eux fait
    faire fais faut fois hier ici il ils j' je jamais jusqu jusqu'à l' la là le les leur leurs
    lors lui m' ma mais me même mêmes mes moi moins mon n' ne ni non nos notre nous ont or où ou
    par parce pas pendant peu peut peuvent plus plusieurs pour pourquoi pourtant puis qu' quand
    que quel quelle quelles quels qui quoi s' sa sans se selon ses si sinon soit son sont sous
    suis sur ta te tes toi ton tous tout toute toutes très tu un une vers via voici voilà vos
    votre vous y déjà svp stp oui ok etc veuillez pouvez peux dois vais va vont avons souhaite
    souhaiterais voudrais voulais demande ceci cela depuis aujourd'hui demain ainsi après
    """.split()
)
_CIVILITIES = frozenset(
    """
    m. m mr mr. mme mme. mmes mlle mlle. mlles me me. dr dr. docteur docteure pr pr. professeur
    professeure maître maitre monsieur madame mademoiselle messieurs mesdames mm. mm
    """.split()
)
_TITLES = frozenset(
    """
    préfet préfète prefet sous-préfet sous-préfète maire adjoint adjointe directeur directrice
    président présidente ministre juge député députée sénateur sénatrice conseiller conseillère
    responsable chef cheffe agent agente délégué déléguée défenseur défenseure médiateur
    médiatrice secrétaire procureur procureure commissaire inspecteur inspectrice gestionnaire
    administrateur administratrice chargé chargée référent référente
    """.split()
)
INSTITUTION_WORDS = frozenset(
    """
    caf cnaf cpam cnam msa cnav carsat urssaf ants mdph anah ameli ameli.fr dgfip sip sie crous
    ofii ofpra caisse assurance retraite maladie france travail pôle emploi pôle-emploi préfecture
    prefecture sous-préfecture mairie ministère impots impôts impots.gouv.fr gouv trésor poste
    sécurité sociale vitale connect franceconnect agirc arrco apl als alf rsa aah cmu css paje
    cesu sncf edf engie hlm tribunal conseil département région république état etat services
    service publics publics+ centre direction agence bureau commune cpf finances allocations
    familiales espace accueil guichet plateforme
    """.split()
)
GREETINGS = frozenset(
    """
    bonjour bonsoir salut hello merci cordialement salutations cher chère chers chères objet
    re ps bonne bon belle excellente respectueusement amicalement sincèrement
    """.split()
)
MONTHS_DAYS = frozenset(
    """
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre lundi mardi mercredi jeudi vendredi samedi dimanche
    """.split()
)
# Capitalised common nouns that start advisor notes and sentences ("Dossier de ...").
_COMMON_NOUNS = frozenset(
    """
    dossier visite numéro usager usagère appel rdv rendez-vous réf référence demande courrier
    accompagnement aide suite note tél tel téléphone portable fixe mail email adresse nom
    prénom date montant fiche madame monsieur pacs dpe rénov étiquette fauteuil déclarez
    signalez contactez consultez porter
    """.split()
)
NOT_NAMES = (
    STOP_WORDS
    | _CIVILITIES
    | _TITLES
    | INSTITUTION_WORDS
    | GREETINGS
    | MONTHS_DAYS
    | _COMMON_NOUNS
)
# A name right after these words names a place, not a person: "collège Victor Hugo".
PLACE_WORDS = frozenset(
    """
    rue avenue boulevard bd impasse allée place quai route cours square chemin passage
    résidence cité collège lycée école université hôpital clinique stade gymnase centre
    médiathèque bibliothèque salle espace maison parc gare aéroport pont métro station
    magasin
    """.split()
)
STREET_PARTICLES = frozenset("de du des d' la le les l' aux au".split())
NAME_PARTICLES = frozenset(
    "de du des d' le la van von der den da di del della dos das ben bin ibn el al ait aït "
    "ould mac".split()
)
