"""Shared reference data: themes, structures, départements, name pools (all used by generate.py)."""

# theme (lower-case, as in the CSV files) -> (title in the fiches, invented theme id)
THEMES = {
    "logement": ("Logement", "N19803"),
    "famille": ("Famille", "N19805"),
    "santé": ("Santé", "N19811"),
    "retraite": ("Retraite", "N19812"),
    "emploi": ("Emploi", "N19806"),
    "papiers d'identité": ("Papiers d'identité", "N19810"),
    "impôts": ("Impôts", "N19802"),
    "handicap": ("Handicap", "N19813"),
    "transport": ("Transport", "N19814"),
    "énergie": ("Énergie", "N19815"),
    "étrangers": ("Étrangers", "N19804"),
    "justice": ("Justice", "N19807"),
}

# Structures. tel: the public number a citizen would quote (None if none); nom: how a citizen
# names it; votre: how an agent points to it; ou: the "Où s'adresser ?" line of the fiches;
# sig: reply signature ({de} = "de la Gironde", {ville} = chef-lieu); suite: next-step sentences.
STRUCTURES = {
    "CAF": dict(
        tel="3230", nom="la Caf", votre="votre Caf",
        ou="Caisse d'allocations familiales (Caf) : en ligne depuis l'espace Mon Compte, par téléphone au 32 30 ou dans un point d'accueil sur rendez-vous.",
        sig=["Le service relation allocataires de la Caf {de}", "La Caf {de} – Service aux allocataires"],
        suite=["Vous pouvez suivre l'avancement de votre dossier à tout moment dans votre espace Mon Compte.",
               "Si besoin, un conseiller peut vous recevoir sur rendez-vous, à réserver depuis votre espace Mon Compte.",
               "Pensez à nous signaler sans attendre tout changement de situation, afin que vos droits restent à jour."]),
    "CPAM": dict(
        tel="3646", nom="la CPAM", votre="votre caisse primaire d'assurance maladie",
        ou="Caisse primaire d'assurance maladie (CPAM) : depuis le compte ameli, par téléphone au 36 46 ou dans un accueil de la CPAM.",
        sig=["Le service relation assurés de la CPAM {de}", "Votre caisse d'Assurance maladie {de}"],
        suite=["Vous pouvez suivre vos remboursements et vos démarches dans votre compte ameli.",
               "Pour toute question, vous pouvez nous écrire depuis la messagerie de votre compte ameli.",
               "Un conseiller reste joignable au 36 46 du lundi au vendredi."]),
    "France Travail": dict(
        tel="3949", nom="France Travail", votre="votre agence France Travail",
        ou="France Travail : depuis l'espace personnel, par téléphone au 39 49 ou à l'agence de votre secteur.",
        sig=["L'équipe de l'agence France Travail de {ville}", "Votre agence France Travail de {ville}"],
        suite=["Votre conseiller reste joignable depuis la messagerie de votre espace personnel.",
               "Pensez à actualiser votre situation chaque mois entre le 28 et le 15 du mois suivant.",
               "Vous pouvez suivre vos paiements dans la rubrique « Mes paiements » de votre espace personnel."]),
    "Assurance retraite": dict(
        tel="3960", nom="ma caisse de retraite", votre="votre caisse de retraite",
        ou="Assurance retraite : depuis votre espace personnel, par téléphone au 39 60 ou sur rendez-vous en agence.",
        sig=["Le service relation clients de l'Assurance retraite", "L'Assurance retraite – Agence de {ville}"],
        suite=["Vous pouvez suivre votre dossier et consulter vos paiements dans votre espace personnel.",
               "Un conseiller retraite peut vous recevoir sur rendez-vous, à réserver en ligne ou au 39 60.",
               "Vos attestations de paiement sont téléchargeables à tout moment dans votre espace personnel."]),
    "DGFiP": dict(
        tel="0 809 401 401", nom="les impôts", votre="votre service des impôts des particuliers",
        ou="Service des impôts des particuliers (SIP) : par la messagerie sécurisée de l'espace particulier, par téléphone au 0 809 401 401 ou au guichet, avec ou sans rendez-vous.",
        sig=["Le service des impôts des particuliers de {ville}", "Le centre des finances publiques de {ville}"],
        suite=["Vous pouvez suivre vos démarches dans votre espace particulier.",
               "Pour toute question, la messagerie sécurisée de votre espace particulier reste le moyen le plus rapide de nous joindre.",
               "Un rendez-vous téléphonique ou au guichet peut être pris depuis votre espace particulier."]),
    "Mairie": dict(
        tel=None, nom="la mairie", votre="votre mairie",
        ou="Mairie : service état civil, service population ou service logement, aux horaires d'ouverture.",
        sig=["Le service population de la mairie de {ville}", "La mairie de {ville} – Service état civil"],
        suite=["Notre service reste joignable aux horaires d'ouverture de la mairie.",
               "Vous pouvez prendre rendez-vous directement sur le site internet de la ville."]),
    "ANTS": dict(
        tel="3400", nom="l'ANTS", votre="l'Agence nationale des titres sécurisés (ANTS)",
        ou="Agence nationale des titres sécurisés (ANTS) : depuis votre espace en ligne ou par téléphone au 34 00.",
        sig=["Le service usagers de l'Agence nationale des titres sécurisés (ANTS)", "L'ANTS – Service relation usagers"],
        suite=["Vous pouvez suivre l'avancement de votre demande depuis votre espace en ligne.",
               "Un point d'accueil numérique en préfecture ou un espace France services peut vous accompagner dans vos démarches en ligne."]),
    "Préfecture": dict(
        tel=None, nom="la préfecture", votre="la préfecture de votre département",
        ou="Préfecture : point d'accueil numérique, rendez-vous en ligne ou formulaire de contact.",
        sig=["Le bureau de l'accueil des usagers de la préfecture {de}", "La préfecture {de} – Service des étrangers"],
        suite=["Vous pouvez suivre l'avancement de votre demande dans votre espace en ligne.",
               "Le point d'accueil numérique de la préfecture peut vous accompagner dans vos démarches en ligne."]),
    "MDPH": dict(
        tel=None, nom="la MDPH", votre="la MDPH de votre département",
        ou="Maison départementale des personnes handicapées (MDPH) de votre département : accueil, téléphone ou dépôt en ligne selon les départements.",
        sig=["La maison départementale des personnes handicapées {de}", "La MDPH {de} – Accueil et information"],
        suite=["Vous pouvez suivre l'avancement de votre dossier en ligne ou auprès de notre accueil.",
               "Notre accueil reste à votre disposition pour vous aider à compléter vos demandes."]),
    "ADIL": dict(
        tel=None, nom="l'ADIL", votre="l'ADIL de votre département",
        ou="Agence départementale d'information sur le logement (ADIL) : consultations juridiques gratuites par téléphone ou sur rendez-vous.",
        sig=["L'Agence départementale d'information sur le logement {de}"],
        suite=["Nos juristes peuvent vous recevoir gratuitement sur rendez-vous."]),
    "Action Logement": dict(
        tel=None, nom="Action Logement", votre="Action Logement",
        ou="Action Logement : demande en ligne de la garantie Visale et des aides au logement des salariés.",
        sig=["Le service clients Visale d'Action Logement"],
        suite=["Vous pouvez suivre votre visa et votre contrat depuis votre espace personnel Visale."]),
    "ANTAI": dict(
        tel=None, nom="l'ANTAI", votre="l'Agence nationale de traitement automatisé des infractions (ANTAI)",
        ou="Agence nationale de traitement automatisé des infractions (ANTAI) : contestation en ligne ou par courrier.",
        sig=["Le service usagers de l'Agence nationale de traitement automatisé des infractions (ANTAI)"],
        suite=["Vous pouvez suivre votre dossier en ligne avec le numéro figurant sur l'avis de contravention."]),
    "Service du chèque énergie": dict(
        tel="0 805 204 805", nom="le service du chèque énergie", votre="le service du chèque énergie",
        ou="Service du chèque énergie : par téléphone au 0 805 204 805 (appel gratuit) ou par le guichet en ligne.",
        sig=["Le service d'assistance du chèque énergie"],
        suite=["Notre service d'assistance reste joignable au 0 805 204 805, appel gratuit."]),
    "France Rénov'": dict(
        tel="0 808 800 700", nom="France Rénov'", votre="un conseiller France Rénov'",
        ou="France Rénov' : par téléphone au 0 808 800 700 ou dans un espace conseil France Rénov' près de chez vous.",
        sig=["L'espace conseil France Rénov' {de}", "Le service MaPrimeRénov' de l'Agence nationale de l'habitat"],
        suite=["Vous pouvez suivre votre dossier depuis votre espace MaPrimeRénov'.",
               "Un conseiller France Rénov' peut vous accompagner gratuitement au 0 808 800 700."]),
    "Médiateur national de l'énergie": dict(
        tel=None, nom="le médiateur de l'énergie", votre="le Médiateur national de l'énergie",
        ou="Médiateur national de l'énergie : saisine gratuite en ligne ou par courrier, après une réclamation écrite au fournisseur.",
        sig=["Les services du Médiateur national de l'énergie"],
        suite=["Vous pouvez suivre votre dossier depuis votre espace en ligne."]),
    "OFII": dict(
        tel=None, nom="l'OFII", votre="la direction territoriale de l'OFII",
        ou="Office français de l'immigration et de l'intégration (OFII) : direction territoriale compétente pour votre département.",
        sig=["La direction territoriale de l'OFII de {ville}"],
        suite=["Notre accueil reste à votre disposition pour toute information sur votre parcours d'intégration."]),
    "Tribunal judiciaire": dict(
        tel=None, nom="le tribunal", votre="le tribunal judiciaire de votre domicile",
        ou="Tribunal judiciaire : service d'accueil unique du justiciable (SAUJ), au guichet ou par téléphone.",
        sig=["Le service d'accueil unique du justiciable du tribunal judiciaire de {ville}"],
        suite=["Le service d'accueil unique du justiciable peut vous renseigner sur l'état de votre procédure."]),
    "Casier judiciaire national": dict(
        tel=None, nom="le Casier judiciaire", votre="le Casier judiciaire national",
        ou="Casier judiciaire national : demande en ligne ou par courrier adressé au Casier judiciaire national, à Nantes.",
        sig=["Le Casier judiciaire national"],
        suite=["La demande de bulletin n° 3 reste gratuite et peut être renouvelée en ligne à tout moment."]),
    "Point-justice": dict(
        tel="3039", nom="le point-justice", votre="un point-justice",
        ou="Point-justice : par téléphone au 30 39 (appel gratuit) ou dans l'annuaire en ligne des points-justice.",
        sig=["Le point-justice de {ville}", "Le conseil départemental de l'accès au droit {de}"],
        suite=["Le 30 39 vous oriente gratuitement vers le point-justice le plus proche."]),
}

# Structures that can appear as 2nd/3rd structure of an experience, per theme.
SECONDARY = {
    "logement": ["CAF", "Mairie", "ADIL"],
    "famille": ["CAF", "CPAM"],
    "santé": ["CPAM", "CAF"],
    "retraite": ["Assurance retraite", "DGFiP", "CAF"],
    "emploi": ["France Travail", "CAF", "CPAM"],
    "papiers d'identité": ["Mairie", "ANTS", "Préfecture"],
    "impôts": ["DGFiP", "CAF", "Mairie"],
    "handicap": ["MDPH", "CAF"],
    "transport": ["ANTS", "Préfecture", "ANTAI"],
    "énergie": ["France Rénov'", "Service du chèque énergie", "DGFiP"],
    "étrangers": ["Préfecture", "CAF", "France Travail", "OFII"],
    "justice": ["Tribunal judiciaire", "Point-justice"],
}

# (département, "de ..." form, code, région, chef-lieu, code postal, poids)
DEPARTEMENTS = [
    ("Paris", "de Paris", "75", "Île-de-France", "Paris", "75011", 9),
    ("Seine-Saint-Denis", "de la Seine-Saint-Denis", "93", "Île-de-France", "Bobigny", "93000", 7),
    ("Hauts-de-Seine", "des Hauts-de-Seine", "92", "Île-de-France", "Nanterre", "92000", 6),
    ("Val-de-Marne", "du Val-de-Marne", "94", "Île-de-France", "Créteil", "94000", 5),
    ("Essonne", "de l'Essonne", "91", "Île-de-France", "Évry-Courcouronnes", "91000", 4),
    ("Yvelines", "des Yvelines", "78", "Île-de-France", "Versailles", "78000", 4),
    ("Val-d'Oise", "du Val-d'Oise", "95", "Île-de-France", "Cergy", "95000", 4),
    ("Seine-et-Marne", "de Seine-et-Marne", "77", "Île-de-France", "Melun", "77000", 4),
    ("Nord", "du Nord", "59", "Hauts-de-France", "Lille", "59000", 8),
    ("Pas-de-Calais", "du Pas-de-Calais", "62", "Hauts-de-France", "Arras", "62000", 5),
    ("Somme", "de la Somme", "80", "Hauts-de-France", "Amiens", "80000", 2),
    ("Rhône", "du Rhône", "69", "Auvergne-Rhône-Alpes", "Lyon", "69003", 6),
    ("Isère", "de l'Isère", "38", "Auvergne-Rhône-Alpes", "Grenoble", "38000", 4),
    ("Puy-de-Dôme", "du Puy-de-Dôme", "63", "Auvergne-Rhône-Alpes", "Clermont-Ferrand", "63000", 2),
    ("Haute-Savoie", "de la Haute-Savoie", "74", "Auvergne-Rhône-Alpes", "Annecy", "74000", 2),
    ("Bouches-du-Rhône", "des Bouches-du-Rhône", "13", "Provence-Alpes-Côte d'Azur", "Marseille", "13005", 7),
    ("Alpes-Maritimes", "des Alpes-Maritimes", "06", "Provence-Alpes-Côte d'Azur", "Nice", "06000", 4),
    ("Var", "du Var", "83", "Provence-Alpes-Côte d'Azur", "Toulon", "83000", 3),
    ("Gironde", "de la Gironde", "33", "Nouvelle-Aquitaine", "Bordeaux", "33000", 5),
    ("Haute-Vienne", "de la Haute-Vienne", "87", "Nouvelle-Aquitaine", "Limoges", "87000", 1),
    ("Pyrénées-Atlantiques", "des Pyrénées-Atlantiques", "64", "Nouvelle-Aquitaine", "Pau", "64000", 2),
    ("Haute-Garonne", "de la Haute-Garonne", "31", "Occitanie", "Toulouse", "31000", 5),
    ("Hérault", "de l'Hérault", "34", "Occitanie", "Montpellier", "34000", 4),
    ("Gard", "du Gard", "30", "Occitanie", "Nîmes", "30000", 2),
    ("Loire-Atlantique", "de la Loire-Atlantique", "44", "Pays de la Loire", "Nantes", "44000", 5),
    ("Maine-et-Loire", "de Maine-et-Loire", "49", "Pays de la Loire", "Angers", "49000", 2),
    ("Sarthe", "de la Sarthe", "72", "Pays de la Loire", "Le Mans", "72000", 2),
    ("Ille-et-Vilaine", "d'Ille-et-Vilaine", "35", "Bretagne", "Rennes", "35000", 4),
    ("Finistère", "du Finistère", "29", "Bretagne", "Quimper", "29000", 2),
    ("Bas-Rhin", "du Bas-Rhin", "67", "Grand Est", "Strasbourg", "67000", 4),
    ("Moselle", "de la Moselle", "57", "Grand Est", "Metz", "57000", 3),
    ("Marne", "de la Marne", "51", "Grand Est", "Châlons-en-Champagne", "51000", 2),
    ("Seine-Maritime", "de la Seine-Maritime", "76", "Normandie", "Rouen", "76000", 4),
    ("Calvados", "du Calvados", "14", "Normandie", "Caen", "14000", 2),
    ("Loiret", "du Loiret", "45", "Centre-Val de Loire", "Orléans", "45000", 2),
    ("Indre-et-Loire", "d'Indre-et-Loire", "37", "Centre-Val de Loire", "Tours", "37000", 2),
    ("Côte-d'Or", "de la Côte-d'Or", "21", "Bourgogne-Franche-Comté", "Dijon", "21000", 2),
    ("Doubs", "du Doubs", "25", "Bourgogne-Franche-Comté", "Besançon", "25000", 2),
    ("La Réunion", "de La Réunion", "974", "La Réunion", "Saint-Denis", "97400", 3),
    ("Guadeloupe", "de la Guadeloupe", "971", "Guadeloupe", "Basse-Terre", "97100", 1),
    ("Corse-du-Sud", "de la Corse-du-Sud", "2A", "Corse", "Ajaccio", "20000", 1),
]

PRENOMS_F = ["Camille", "Nathalie", "Sandrine", "Isabelle", "Sophie", "Aurélie", "Émilie", "Julie",
             "Hélène", "Céline", "Marie", "Léa", "Chloé", "Inès", "Fatima", "Nadia", "Élodie",
             "Karine", "Valérie", "Françoise", "Monique", "Brigitte", "Sarah", "Yasmina", "Océane",
             "Manon", "Amandine", "Christelle", "Josiane", "Aïcha", "Laetitia", "Anne-Sophie"]
PRENOMS_M = ["Jean-Marc", "Thomas", "Nicolas", "Julien", "Sébastien", "Frédéric", "Laurent",
             "Philippe", "Mehdi", "Karim", "Antoine", "Hugo", "Lucas", "Théo", "Patrick", "Gérard",
             "Alain", "Michel", "Stéphane", "Jérôme", "Mamadou", "Yannick", "Olivier", "Rémi",
             "Benoît", "Kévin", "Jean-Pierre", "François", "Éric", "Bruno", "Youssef", "Cédric"]
NOMS = ["Bernard", "Lefèvre", "Martin", "Dubois", "Moreau", "Laurent", "Girard", "Roux", "Fournier",
        "Morel", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Legrand", "Garnier", "Faure",
        "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin",
        "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
        "Masson", "Sanchez", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gaillard", "Brun",
        "Benali", "Diallo", "Nguyen", "Da Silva", "Haddad", "Le Gall", "Kerjean", "Ferreira",
        "Marchand", "Barbier", "Caron", "Renaud", "Aubert", "Leclerc", "Vidal", "Perret"]
RUES = ["rue des Lilas", "avenue Jean-Jaurès", "rue Victor-Hugo", "impasse des Tilleuls",
        "boulevard Gambetta", "allée des Peupliers", "chemin du Moulin", "rue Pasteur",
        "place de la République", "rue de la Gare", "rue des Écoles", "avenue de la Libération",
        "rue du Général-de-Gaulle", "résidence les Cèdres, bâtiment B", "rue Jules-Ferry",
        "chemin des Vignes", "rue Émile-Zola", "cité des Jardins", "rue de la Paix", "rue de la Fontaine"]
