"""Fiches F90037–F90054: impôts, handicap, transport (syntax: see fiches_1.py)."""

FICHES = [
    # ------------------------------------------------------------------ impôts
    dict(
        id="F90037", theme="impôts", kind="qr", structure="DGFiP",
        title="Comment déclarer ses revenus ?",
        desc="La déclaration de revenus se fait chaque année au printemps, en ligne dans votre espace particulier. Certains foyers bénéficient de la déclaration automatique.",
        source="Code général des impôts : articles 170 et 1649 quater B quinquies",
        intro="Chaque foyer fiscal doit déclarer ses revenus de l'année précédente, même si le prélèvement à la source a déjà été appliqué.",
        body=[
            ("Calendrier", [
                "Le service de déclaration en ligne ouvre *mi-avril*. Les dates limites s'échelonnent de fin mai à début juin selon votre département de résidence. La déclaration papier doit être déposée plus tôt, vers le 20 mai.",
            ]),
            ("Déclarer en ligne", [
                "La déclaration en ligne est *obligatoire* si votre résidence principale est équipée d'un accès à internet, sauf si vous n'êtes pas en mesure de la faire.",
                ("cas", [
                    ("Déclaration automatique", [
                        "Si les informations préremplies sont exactes et complètes (salaires, pensions connus de l'administration), vous n'avez rien à faire : la déclaration est validée automatiquement.",
                    ]),
                    ("Première déclaration", [
                        "Si vous déclarez pour la première fois, faites une déclaration papier (formulaire n° 2042) ou créez votre espace avec votre numéro fiscal, à demander à votre service des impôts.",
                    ]),
                ]),
                ("note", "Une erreur ou un oubli peut être corrigé en ligne à partir de début août, et jusqu'à mi-décembre, avec le service de correction en ligne."),
                ("savoir", "Vous pouvez vous faire aider dans un espace France services ou au service des impôts des particuliers (SIP), avec ou sans rendez-vous."),
            ]),
        ],
        qs=[
            ("C'est ma première déclaration d'impôts, je n'ai pas de numéro fiscal, comment je fais ?",
             "Pour une première déclaration, vous pouvez remplir la déclaration papier (formulaire n° 2042) ou demander votre numéro fiscal à votre service des impôts des particuliers pour créer votre espace en ligne. Un espace France services peut aussi vous accompagner."),
            ("J'ai oublié de déclarer des revenus sur ma déclaration, c'est trop tard ?",
             "Non, vous pouvez corriger votre déclaration en ligne avec le service de correction, ouvert de début août à mi-décembre, dans votre espace particulier. Au-delà, une réclamation reste possible."),
            ("Je reçois chaque année une déclaration déjà remplie, je suis obligé de la valider ?",
             "Si vous bénéficiez de la déclaration automatique et que toutes les informations préremplies sont exactes et complètes, vous n'avez rien à faire : elle est validée automatiquement. Si une information manque ou est erronée, vous devez la corriger avant la date limite."),
        ],
    ),
    dict(
        id="F90038", theme="impôts", kind="qr", structure="DGFiP",
        title="Comment modifier son taux de prélèvement à la source ?",
        desc="En cas de changement de situation ou de revenus, vous pouvez actualiser votre taux de prélèvement à la source dans votre espace particulier.",
        source="Code général des impôts : articles 204 A à 204 N",
        intro="Le taux de prélèvement à la source est calculé à partir de votre dernière déclaration. Il peut être ajusté en cours d'année.",
        body=[
            ("Changement de situation familiale", [
                "Un mariage, un Pacs, un divorce, une naissance ou un décès doivent être déclarés *dans les 60 jours* dans la rubrique « Gérer mon prélèvement à la source » de votre espace particulier. Le taux est recalculé immédiatement.",
            ]),
            ("Variation de revenus", [
                ("ul", [
                    "en cas de baisse ou de hausse de revenus, vous pouvez actualiser votre taux en estimant vos revenus de l'année ;",
                    "vous pouvez choisir un *taux individualisé* entre conjoints lorsque les revenus sont différents ;",
                    "ou opter pour le *taux non personnalisé* (neutre) si vous ne souhaitez pas que l'employeur connaisse votre taux.",
                ]),
                "Le nouveau taux est transmis à l'employeur ou à la caisse de retraite et s'applique en général le mois suivant ou le surlendemain.",
                ("note", "Si vous sous-estimez vos revenus de plus de 10 %, une pénalité peut s'appliquer. La régularisation définitive a lieu l'été suivant, après la déclaration de revenus."),
            ]),
        ],
        qs=[
            ("On s'est pacsés en juin, il faut faire quelque chose pour le prélèvement à la source ?",
             "Oui, un Pacs doit être déclaré dans les 60 jours dans la rubrique « Gérer mon prélèvement à la source » de votre espace particulier. Votre taux de foyer est alors recalculé immédiatement ; vous pouvez aussi opter pour un taux individualisé si vos revenus sont différents."),
            ("Je suis passé à temps partiel, mon taux d'impôt est trop élevé, je peux le baisser ?",
             "Oui, vous pouvez actualiser votre taux dans votre espace particulier, rubrique « Gérer mon prélèvement à la source », en estimant vos revenus de l'année. Le nouveau taux est transmis à votre employeur ; attention, une sous-estimation de plus de 10 % peut entraîner une pénalité."),
        ],
    ),
    dict(
        id="F90039", theme="impôts", kind="info", structure="DGFiP",
        title="Taxe d'habitation et déclaration d'occupation des logements",
        desc="La taxe d'habitation sur la résidence principale est supprimée depuis 2023. Elle reste due sur les résidences secondaires. Les propriétaires doivent déclarer l'occupation de leurs biens.",
        source="Code général des impôts : articles 1407 et 1418",
        intro="Depuis 2023, plus aucun foyer ne paie la taxe d'habitation sur sa résidence principale.",
        body=[
            ("Ce qui reste dû", [
                ("ul", [
                    "la taxe d'habitation sur les *résidences secondaires*, qui peut être majorée dans certaines communes en zone tendue ;",
                    "la taxe sur les logements vacants dans certaines communes ;",
                    "la contribution à l'audiovisuel public a, elle, été supprimée en 2022.",
                ]),
            ]),
            ("Déclarer l'occupation de ses biens", [
                "Les propriétaires doivent signaler dans le service *« Gérer mes biens immobiliers »* de leur espace particulier, avant le *1er juillet*, tout changement d'occupation intervenu depuis le 1er janvier de l'année précédente (nouveau locataire, logement devenu vacant ou résidence secondaire).",
                ("note", "Un oubli ou une erreur de déclaration peut conduire à être imposé à tort à la taxe d'habitation sur une résidence secondaire. Dans ce cas, il faut faire une réclamation."),
            ]),
        ],
        qs=[
            ("J'ai reçu un avis de taxe d'habitation pour l'appartement que je loue à un étudiant, c'est une erreur ?",
             "Probablement : la taxe d'habitation n'est plus due sur les résidences principales, y compris celle d'un locataire. L'avis vient sans doute d'une déclaration d'occupation non mise à jour dans « Gérer mes biens immobiliers ». Corrigez l'occupation du logement et faites une réclamation depuis votre espace particulier."),
            ("Est-ce que je paie encore la taxe d'habitation pour ma maison de campagne ?",
             "Oui, la taxe d'habitation reste due pour les résidences secondaires, et elle peut être majorée dans certaines communes en zone tendue. Seule la taxe sur la résidence principale a été supprimée en 2023."),
        ],
    ),
    dict(
        id="F90040", theme="impôts", kind="info", structure="DGFiP",
        title="Crédit d'impôt pour l'emploi d'un salarié à domicile",
        desc="Les dépenses pour l'emploi d'un salarié à domicile (ménage, jardinage, garde d'enfant, aide à une personne âgée) ouvrent droit à un crédit d'impôt de 50 %.",
        source="Code général des impôts : article 199 sexdecies",
        intro="Le crédit d'impôt pour services à la personne s'applique que vous employiez directement un salarié ou que vous passiez par un organisme agréé.",
        body=[
            ("Montant", [
                "Le crédit d'impôt est égal à *50 % des dépenses* engagées, dans la limite d'un plafond annuel de 12 000 €, majoré de 1 500 € par enfant à charge ou par membre du foyer de plus de 65 ans, sans dépasser 15 000 €.",
                ("table", "Plafonds spécifiques", ["Activité", "Plafond de dépenses"], [
                    ["Petit jardinage", "5 000 € par an"],
                    ["Petit bricolage", "500 € par an (2 heures par intervention)"],
                    ["Assistance informatique à domicile", "3 000 € par an"],
                ]),
            ]),
            ("Avance immédiate", [
                "Avec l'*avance immédiate* du crédit d'impôt, proposée via le Cesu ou certains organismes, vous ne payez que 50 % du coût au moment de la dépense, au lieu d'attendre l'année suivante.",
                "Les dépenses doivent être déclarées chaque année dans la déclaration de revenus, case 7DB (7DF pour les dépenses en faveur d'un ascendant).",
                ("note", "Si le crédit d'impôt dépasse l'impôt dû, la différence vous est remboursée : il profite aussi aux foyers non imposables."),
            ]),
        ],
        qs=[
            ("Je paie une femme de ménage 200 € par mois avec le CESU, combien je récupère aux impôts ?",
             "Vous bénéficiez d'un crédit d'impôt de 50 % des dépenses, soit environ 1 200 € pour 2 400 € versés sur l'année, dans la limite du plafond de 12 000 € de dépenses. Avec l'avance immédiate, vous pouvez ne payer que la moitié du coût chaque mois. Déclarez les sommes dans votre déclaration de revenus."),
            ("Je ne paie pas d'impôt sur le revenu, est-ce que le crédit d'impôt pour l'aide à domicile me sert à quelque chose ?",
             "Oui, c'est un crédit d'impôt : si son montant dépasse l'impôt dû, la différence vous est remboursée. Les foyers non imposables en bénéficient donc aussi, à condition de déclarer les dépenses dans la déclaration de revenus."),
        ],
    ),
    dict(
        id="F90041", theme="impôts", kind="qr", structure="DGFiP",
        title="Comment contester un impôt ou faire une réclamation ?",
        desc="Si vous estimez qu'une erreur a été commise dans le calcul de votre impôt, vous pouvez faire une réclamation, de préférence par la messagerie sécurisée de votre espace particulier.",
        source="Livre des procédures fiscales : articles R*190-1 et R*196-1",
        intro="La réclamation permet de demander la correction d'une erreur dans le calcul de l'impôt sur le revenu, de la taxe foncière ou de la taxe d'habitation.",
        body=[
            ("Délai", [
                "Pour l'impôt sur le revenu et les impôts locaux, la réclamation peut être faite jusqu'au *31 décembre de la deuxième année* suivant celle de la mise en recouvrement. Exemple : pour un avis d'impôt 2024, jusqu'au 31 décembre 2026.",
            ]),
            ("Comment faire", [
                ("ol", [
                    "Utilisez la messagerie sécurisée de votre espace particulier, rubrique « J'ai une réclamation à faire », ou écrivez à votre centre des finances publiques.",
                    "Joignez une copie de l'avis d'imposition et les justificatifs.",
                    "L'administration a *6 mois* pour répondre ; son silence vaut rejet.",
                ]),
                ("note", "La réclamation ne suspend pas le paiement, sauf si vous demandez expressément un sursis de paiement."),
                ("sc", "En cas de désaccord", [
                    "Si la réponse ne vous satisfait pas, vous pouvez saisir le *conciliateur fiscal départemental*, puis le Médiateur des ministères économiques et financiers, avant d'aller devant le tribunal.",
                ]),
            ]),
        ],
        qs=[
            ("Je pense qu'il y a une erreur sur ma taxe foncière de l'an dernier, je peux encore contester ?",
             "Oui, pour les impôts locaux, vous pouvez faire une réclamation jusqu'au 31 décembre de la deuxième année qui suit celle de la mise en recouvrement. Utilisez la messagerie sécurisée de votre espace particulier en joignant l'avis et vos justificatifs ; l'administration a 6 mois pour répondre."),
            ("J'ai fait une réclamation aux impôts il y a 7 mois et je n'ai aucune réponse, qu'est-ce que ça veut dire ?",
             "L'administration fiscale dispose de 6 mois pour répondre à une réclamation ; passé ce délai, son silence vaut rejet. Vous pouvez alors saisir le conciliateur fiscal départemental, puis le Médiateur des ministères économiques et financiers, avant un éventuel recours devant le tribunal."),
        ],
    ),
    dict(
        id="F90042", theme="impôts", kind="info", structure="DGFiP",
        title="Enfant majeur : rattachement au foyer fiscal ou pension alimentaire",
        desc="Un enfant majeur peut demander à être rattaché au foyer fiscal de ses parents. Sinon, les parents peuvent déduire la pension alimentaire qu'ils lui versent.",
        source="Code général des impôts : articles 6 et 156",
        intro="À sa majorité, l'enfant forme en principe un foyer fiscal distinct. Deux options, qui ne se cumulent pas, permettent de réduire l'impôt des parents.",
        body=[
            ("Le rattachement", [
                "L'enfant majeur peut être rattaché s'il a *moins de 21 ans*, ou *moins de 25 ans* s'il poursuit des études, ou quel que soit son âge s'il est invalide. La demande est signée par l'enfant et jointe à la déclaration des parents.",
                "Le rattachement donne droit à une demi-part supplémentaire (plafonnée), mais les revenus de l'enfant s'ajoutent à ceux du foyer.",
            ]),
            ("La pension alimentaire", [
                "Si l'enfant n'est pas rattaché, les parents peuvent déduire de leurs revenus la pension versée pour son entretien, dans la limite d'environ *6 800 €* par an et par enfant. L'enfant déclare alors la pension comme un revenu.",
                ("savoir", "Pour un étudiant qui vit chez ses parents, la pension peut être évaluée forfaitairement pour le logement et la nourriture, sans justificatif, à environ 4 000 € par an."),
            ]),
        ],
        qs=[
            ("Ma fille a 22 ans, elle est étudiante, est-ce qu'elle peut encore être rattachée à notre déclaration ?",
             "Oui, un enfant majeur étudiant peut être rattaché au foyer fiscal de ses parents jusqu'à 25 ans. Elle doit signer une demande de rattachement jointe à votre déclaration ; ses revenus s'ajoutent alors aux vôtres en échange d'une demi-part supplémentaire. Sinon, vous pouvez déduire une pension alimentaire, dans la limite d'environ 6 800 € par an."),
            ("Pour mon fils de 23 ans qui travaille pas encore, vaut mieux le rattacher ou déduire une pension ?",
             "Les deux options ne se cumulent pas. Le rattachement (possible jusqu'à 25 ans s'il est étudiant) donne une demi-part plafonnée mais ajoute ses revenus aux vôtres ; la pension alimentaire est déductible dans la limite d'environ 6 800 € par an et doit être déclarée par votre fils. Le simulateur de l'espace particulier permet de comparer."),
        ],
    ),
    # ------------------------------------------------------------------ handicap
    dict(
        id="F90043", theme="handicap", kind="info", structure="MDPH",
        title="Allocation aux adultes handicapés (AAH)",
        desc="L'AAH assure un minimum de ressources aux personnes handicapées. Elle est attribuée par la MDPH et versée par la Caf ou la MSA.",
        source="Code de la sécurité sociale : articles L821-1 à L821-8",
        intro="L'allocation aux adultes handicapés (AAH) est une aide financière versée sous conditions de taux d'incapacité, d'âge, de résidence et de ressources.",
        body=[
            ("Conditions", [
                ("ul", [
                    "avoir au moins *20 ans* (ou 16 ans si vous n'êtes plus considéré à charge de vos parents) ;",
                    "avoir un taux d'incapacité d'au moins *80 %*, ou compris entre 50 % et 79 % avec une restriction substantielle et durable d'accès à l'emploi reconnue par la CDAPH ;",
                    "résider en France et ne pas dépasser un plafond de ressources.",
                ]),
                ("note", "Depuis le 1er octobre 2023, les revenus du conjoint, du concubin ou du partenaire de Pacs ne sont plus pris en compte dans le calcul de l'AAH (déconjugalisation) : vivre en couple ne fait plus baisser l'allocation."),
            ]),
            ("Montant et demande", [
                "Le montant maximal est d'environ *1 033 € par mois* depuis avril 2025. Il est réduit si vous avez d'autres ressources.",
                "La demande se fait avec le dossier unique auprès de la [F90048|MDPH]. Une fois l'accord de la commission des droits et de l'autonomie (CDAPH) notifié, la Caf ou la MSA calcule et verse l'allocation.",
            ]),
        ],
        qs=[
            ("Je suis en couple et mon compagnon gagne bien sa vie, est-ce que je peux quand même toucher l'AAH ?",
             "Oui, depuis le 1er octobre 2023, les revenus du conjoint ne sont plus pris en compte dans le calcul de l'AAH. Seules vos propres ressources comptent, avec un montant maximal d'environ 1 033 € par mois. La demande se fait auprès de la MDPH, puis la Caf verse l'allocation."),
            ("C'est combien l'AAH au maximum et qui la paie ?",
             "Le montant maximal de l'AAH est d'environ 1 033 € par mois depuis avril 2025, réduit si vous avez d'autres ressources. Le droit est décidé par la CDAPH de la MDPH, puis l'allocation est versée par la Caf ou la MSA."),
            ("J'ai un taux d'incapacité de 60 %, est-ce que j'ai droit à l'AAH ?",
             "Avec un taux entre 50 % et 79 %, l'AAH peut être accordée si la CDAPH reconnaît une restriction substantielle et durable d'accès à l'emploi liée à votre handicap. Il faut aussi avoir au moins 20 ans et des ressources inférieures au plafond ; la demande se fait avec le dossier de la MDPH."),
        ],
    ),
    dict(
        id="F90044", theme="handicap", kind="qr", structure="MDPH",
        title="Comment obtenir la carte mobilité inclusion (CMI) ?",
        desc="La carte mobilité inclusion facilite la vie quotidienne des personnes handicapées et des personnes âgées en perte d'autonomie. Elle peut porter les mentions invalidité, priorité et stationnement.",
        source="Code de l'action sociale et des familles : article L241-3",
        intro="La carte mobilité inclusion (CMI) est une carte sécurisée, au format carte de crédit, fabriquée par l'Imprimerie nationale.",
        body=[
            ("Les trois mentions", [
                ("table", "Mentions de la CMI", ["Mention", "Conditions et avantages"], [
                    ["Invalidité", "Taux d'incapacité d'au moins 80 % ; priorité dans les files d'attente et les transports, avantages fiscaux"],
                    ["Priorité", "Taux inférieur à 80 % et station debout pénible ; priorité d'accès aux places assises"],
                    ["Stationnement", "Mobilité réduite ou besoin d'accompagnement ; stationnement gratuit sur les places ouvertes au public"],
                ]),
            ]),
            ("Demande", [
                "La demande se fait avec le dossier unique de la [F90048|MDPH]. Les personnes âgées de plus de 60 ans bénéficiaires de l'APA s'adressent au conseil départemental.",
                "Après la décision, l'Imprimerie nationale envoie un courrier pour transmettre une photo, puis fabrique la carte. Elle est *gratuite*.",
                ("note", "En cas de perte ou de vol, une nouvelle carte peut être commandée en ligne auprès de l'Imprimerie nationale, moyennant environ 9 €."),
            ]),
        ],
        qs=[
            ("Mon père a du mal à marcher, comment obtenir une carte pour se garer sur les places handicapées ?",
             "Il faut demander la carte mobilité inclusion mention stationnement, avec le dossier unique de la MDPH, ou auprès du conseil départemental s'il a plus de 60 ans et bénéficie de l'APA. La carte est gratuite ; après la décision, l'Imprimerie nationale demande une photo puis fabrique la carte."),
            ("J'ai perdu ma carte CMI, je dois refaire tout le dossier MDPH ?",
             "Non, en cas de perte ou de vol, vous pouvez commander une nouvelle carte en ligne auprès de l'Imprimerie nationale, pour environ 9 €, sans nouvelle décision de la MDPH tant que vos droits sont en cours."),
        ],
    ),
    dict(
        id="F90045", theme="handicap", kind="info", structure="MDPH",
        title="Reconnaissance de la qualité de travailleur handicapé (RQTH)",
        desc="La RQTH permet d'accéder à des aides pour trouver ou conserver un emploi. Elle est attribuée par la MDPH pour une durée de 1 à 10 ans, ou sans limitation de durée.",
        source="Code du travail : articles L5213-1 et L5213-2",
        intro="Toute personne d'au moins 16 ans dont les possibilités d'obtenir ou de conserver un emploi sont réduites par un handicap peut demander la RQTH.",
        body=[
            ("Ce que la RQTH apporte", [
                ("ul", [
                    "l'accès à l'accompagnement de Cap emploi et aux aides de l'Agefiph ou du FIPHFP ;",
                    "l'aménagement du poste et des horaires de travail ;",
                    "l'obligation d'emploi de 6 % des salariés dans les entreprises d'au moins 20 salariés ;",
                    "des droits renforcés en formation et en cas de licenciement (préavis doublé, dans la limite de 3 mois).",
                ]),
                "Vous n'êtes pas obligé d'informer votre employeur de votre RQTH.",
            ]),
            ("Demande", [
                "La demande se fait avec le dossier unique de la [F90048|MDPH], accompagné d'un certificat médical de moins d'un an. La RQTH est attribuée pour 1 à 10 ans, ou *à vie* lorsque le handicap est irréversible.",
                ("savoir", "Une demande d'AAH vaut aussi demande de RQTH : la MDPH examine automatiquement les deux."),
            ]),
        ],
        qs=[
            ("Je suis diabétique et j'ai du mal à tenir mon poste, est-ce que la RQTH peut m'aider et est-ce que je dois le dire à mon patron ?",
             "La RQTH peut vous permettre d'obtenir un aménagement de poste ou d'horaires, l'accompagnement de Cap emploi et les aides de l'Agefiph. Vous n'êtes pas obligé d'en informer votre employeur, mais c'est nécessaire pour bénéficier des aménagements. La demande se fait auprès de la MDPH avec un certificat médical de moins d'un an."),
            ("La RQTH c'est valable combien de temps ?",
             "La RQTH est attribuée par la MDPH pour une durée de 1 à 10 ans, ou sans limitation de durée lorsque le handicap est irréversible. Pensez à demander le renouvellement plusieurs mois avant l'échéance."),
        ],
    ),
    dict(
        id="F90046", theme="handicap", kind="info", structure="MDPH",
        title="Prestation de compensation du handicap (PCH)",
        desc="La PCH finance les dépenses liées à la perte d'autonomie : aide humaine, aides techniques, aménagement du logement ou du véhicule.",
        source="Code de l'action sociale et des familles : articles L245-1 à L245-14",
        intro="La prestation de compensation du handicap (PCH) est versée par le conseil départemental, après décision de la CDAPH de la MDPH.",
        body=[
            ("Conditions", [
                "Il faut avoir une difficulté absolue pour réaliser au moins une activité essentielle (se laver, s'habiller, se déplacer...) ou une difficulté grave pour au moins deux. La demande doit en principe être faite *avant 60 ans*, sauf si le handicap remplissait déjà les conditions avant cet âge.",
                "La PCH n'est pas soumise à condition de ressources, mais le taux de prise en charge est de 100 % ou de 80 % selon vos revenus.",
            ]),
            ("Ce qui peut être financé", [
                ("sc", "Aide humaine", [
                    "Rémunération d'un service d'aide à domicile, d'un salarié ou dédommagement d'un aidant familial.",
                ]),
                ("sc", "Aides techniques et aménagements", [
                    "Fauteuil roulant, logiciel adapté, aménagement de la salle de bains, adaptation du véhicule, surcoûts de transport.",
                ]),
                ("note", "Depuis 2023, la PCH peut aussi couvrir des aides pour les personnes ayant une altération des fonctions mentales, cognitives ou psychiques, et pour le soutien à l'autonomie."),
            ]),
        ],
        qs=[
            ("Ma femme est en fauteuil et on doit aménager la salle de bains, il y a une aide pour ça ?",
             "Oui, la prestation de compensation du handicap (PCH) peut financer l'aménagement du logement, comme une salle de bains adaptée. Elle est attribuée par la CDAPH de la MDPH et versée par le conseil départemental, sans condition de ressources mais avec un taux de prise en charge de 80 % ou 100 % selon vos revenus."),
            ("Je m'occupe de mon fils handicapé tous les jours, est-ce que je peux être dédommagé ?",
             "Oui, le volet aide humaine de la prestation de compensation du handicap (PCH) peut prévoir le dédommagement d'un aidant familial. La demande se fait auprès de la MDPH ; la PCH est ensuite versée par le conseil départemental."),
        ],
    ),
    dict(
        id="F90047", theme="handicap", kind="info", structure="CAF",
        title="Allocation d'éducation de l'enfant handicapé (AEEH)",
        desc="L'AEEH aide les parents à faire face aux frais d'éducation et de soins d'un enfant handicapé de moins de 20 ans.",
        source="Code de la sécurité sociale : articles L541-1 à L541-4",
        intro="L'allocation d'éducation de l'enfant handicapé (AEEH) est versée par la Caf ou la MSA, après décision de la MDPH, sans condition de ressources.",
        body=[
            ("Conditions", [
                "L'enfant (atteint par exemple d'un trouble du spectre de l'autisme, d'une maladie chronique ou d'un handicap moteur) a moins de *20 ans* et un taux d'incapacité d'au moins *80 %*, ou compris entre 50 % et 79 % s'il fréquente un établissement spécialisé ou si son état nécessite des soins ou un accompagnement particuliers.",
            ]),
            ("Montant", [
                "L'allocation de base est d'environ *150 € par mois*. Un *complément* (6 catégories) peut s'y ajouter selon le coût du handicap, la réduction ou la cessation d'activité d'un parent et l'embauche d'une tierce personne.",
                "Une majoration pour parent isolé peut être versée avec le complément.",
                ("savoir", "Les parents peuvent choisir entre le complément de l'AEEH et la PCH pour couvrir certaines dépenses ; la MDPH aide à comparer."),
            ]),
        ],
        qs=[
            ("Notre fils autiste a 7 ans, quelle aide financière peut-on demander ?",
             "Vous pouvez demander l'allocation d'éducation de l'enfant handicapé (AEEH) auprès de la MDPH ; elle est ensuite versée par la Caf sans condition de ressources. La base est d'environ 150 € par mois, avec un complément possible selon les dépenses, la réduction d'activité d'un parent ou l'embauche d'une tierce personne."),
            ("J'ai réduit mon temps de travail pour m'occuper de ma fille handicapée, est-ce que la CAF peut compenser ?",
             "Oui, un complément de l'allocation d'éducation de l'enfant handicapé (AEEH) peut être accordé lorsqu'un parent réduit ou cesse son activité. La catégorie du complément est fixée par la MDPH et le versement est assuré par la Caf, en plus de l'allocation de base d'environ 150 € par mois."),
        ],
    ),
    dict(
        id="F90048", theme="handicap", kind="qr", structure="MDPH",
        title="Comment déposer un dossier à la MDPH ?",
        desc="La maison départementale des personnes handicapées (MDPH) instruit toutes les demandes de droits et de prestations liées au handicap, avec un formulaire unique.",
        source="Code de l'action sociale et des familles : articles L146-3 et R146-26",
        intro="Un seul dossier permet de demander plusieurs droits : AAH, RQTH, CMI, PCH, AEEH, orientation scolaire ou professionnelle.",
        body=[
            ("Constituer le dossier", [
                ("ol", [
                    "Remplissez le formulaire de demande (cerfa n° 15692), en décrivant votre projet de vie et vos difficultés au quotidien.",
                    "Faites remplir par votre médecin le *certificat médical* (cerfa n° 15695), daté de *moins d'un an*.",
                    "Joignez un justificatif d'identité et de domicile, puis déposez ou envoyez le dossier à la MDPH de votre département, ou faites la demande en ligne si elle le permet.",
                ]),
            ]),
            ("Délais et recours", [
                "La MDPH dispose en principe de *4 mois* pour répondre. Son silence au-delà de ce délai vaut *rejet*.",
                "En cas de désaccord avec la décision de la CDAPH, vous devez d'abord faire un *recours administratif préalable obligatoire* (RAPO) dans les 2 mois, avant tout recours devant le tribunal.",
                ("savoir", "Les espaces France services et les associations de personnes handicapées peuvent vous aider à remplir le formulaire."),
            ]),
        ],
        qs=[
            ("J'ai envoyé mon dossier MDPH il y a 5 mois et toujours rien, c'est normal ?",
             "La MDPH dispose en principe de 4 mois pour répondre, et son silence au-delà vaut rejet. Vous pouvez relancer la MDPH de votre département ; si une décision défavorable vous est notifiée ou en cas de rejet implicite, un recours administratif préalable obligatoire est possible dans les 2 mois."),
            ("Quels papiers il faut pour un dossier MDPH ?",
             "Il faut le formulaire de demande cerfa n° 15692, le certificat médical cerfa n° 15695 rempli par votre médecin et daté de moins d'un an, ainsi qu'un justificatif d'identité et de domicile. Un seul dossier permet de demander plusieurs droits (AAH, RQTH, CMI, PCH...)."),
            ("La MDPH a refusé ma demande d'AAH, je peux contester comment ?",
             "Vous devez d'abord faire un recours administratif préalable obligatoire (RAPO) auprès de la MDPH, dans les 2 mois suivant la notification de la décision. Ce n'est qu'après ce recours que vous pourrez saisir le tribunal."),
        ],
    ),
    # ------------------------------------------------------------------ transport
    dict(
        id="F90049", theme="transport", kind="qr", structure="ANTS",
        title="Achat d'un véhicule d'occasion : comment faire la carte grise à son nom ?",
        desc="Après l'achat d'un véhicule d'occasion, vous avez un mois pour faire établir le certificat d'immatriculation à votre nom, en ligne sur le site de l'ANTS.",
        source="Code de la route : articles R322-5 et R322-9",
        intro="Le changement de titulaire du certificat d'immatriculation (carte grise) se fait uniquement en ligne, par vous-même ou par un professionnel habilité.",
        body=[
            ("Pièces nécessaires", [
                ("ul", [
                    "le *certificat de cession* (cerfa n° 15776) signé par le vendeur et le code de cession qu'il vous a remis ;",
                    "l'ancienne carte grise barrée avec la mention « Vendu le... » et signée ;",
                    "un procès-verbal de [F90054|contrôle technique] de moins de 6 mois pour un véhicule de plus de 4 ans ;",
                    "un justificatif de domicile et une attestation d'assurance.",
                ]),
            ]),
            ("Démarche et coût", [
                "Faites la démarche sur le site de l'ANTS *dans le mois* suivant l'achat. Vous obtenez immédiatement un certificat provisoire d'immatriculation (CPI) qui permet de circuler pendant un mois en France.",
                "Le prix dépend de la puissance fiscale et de la région (taxe régionale par cheval fiscal), auquel s'ajoutent une taxe de gestion de 11 € et une redevance d'acheminement de 2,76 €.",
                ("note", "Méfiez-vous des sites privés qui facturent des frais supplémentaires sans être habilités : la démarche sur le site officiel est sans frais de service."),
            ]),
        ],
        qs=[
            ("Je viens d'acheter une Clio d'occasion à un particulier, comment je mets la carte grise à mon nom ?",
             "Faites la démarche en ligne sur le site de l'ANTS dans le mois suivant l'achat, avec le code de cession remis par le vendeur, le certificat de cession, l'ancienne carte grise barrée, un contrôle technique de moins de 6 mois, un justificatif de domicile et une attestation d'assurance. Vous obtenez aussitôt un certificat provisoire pour circuler un mois."),
            ("Combien ça coûte une carte grise pour une voiture d'occasion de 5 chevaux ?",
             "Le prix dépend de la région : il correspond à la taxe régionale multipliée par les 5 chevaux fiscaux, plus une taxe de gestion de 11 € et une redevance d'acheminement de 2,76 €. Le site de l'ANTS affiche le montant exact au moment de la démarche."),
        ],
    ),
    dict(
        id="F90050", theme="transport", kind="qr", structure="ANTS",
        title="Changement d'adresse sur la carte grise",
        desc="Après un déménagement, vous devez déclarer votre nouvelle adresse dans le mois. La démarche est gratuite et se fait en ligne.",
        source="Code de la route : article R322-7",
        intro="L'adresse figurant sur le certificat d'immatriculation doit toujours être à jour, pour que vous receviez les avis de contravention et les rappels.",
        body=[
            ("Démarche", [
                "Déclarez le changement sur le site de l'ANTS *dans le mois* qui suit le déménagement. La démarche est *gratuite*.",
                ("cas", [
                    ("Immatriculation au format AA-123-AA", [
                        "Pour les trois premiers changements d'adresse, vous recevez par courrier une étiquette à coller sur la carte grise. Au quatrième, une nouvelle carte grise est éditée.",
                    ]),
                    ("Ancienne immatriculation (123 ABC 45)", [
                        "Le véhicule reçoit un nouveau numéro au format AA-123-AA et une nouvelle carte grise ; il faut changer les plaques.",
                    ]),
                ]),
                ("note", "À défaut, vous risquez une amende forfaitaire de 135 €."),
            ]),
        ],
        qs=[
            ("J'ai déménagé il y a trois semaines, je dois changer l'adresse sur ma carte grise ? Ça coûte combien ?",
             "Oui, vous devez déclarer votre nouvelle adresse sur le site de l'ANTS dans le mois qui suit le déménagement ; la démarche est gratuite. Pour une immatriculation au format AA-123-AA, vous recevrez une étiquette à coller sur la carte grise. À défaut, vous risquez une amende de 135 €."),
            ("Pour le changement d'adresse de la carte grise, on reçoit une nouvelle carte ?",
             "Pour les trois premiers changements d'adresse d'un véhicule immatriculé au format AA-123-AA, vous recevez seulement une étiquette à coller sur la carte grise ; une nouvelle carte est éditée au quatrième. Pour une ancienne immatriculation, le véhicule reçoit un nouveau numéro et une nouvelle carte grise."),
        ],
    ),
    dict(
        id="F90051", theme="transport", kind="info", structure="ANTS",
        title="Permis de conduire perdu, volé ou détérioré",
        desc="En cas de perte, de vol ou de détérioration du permis de conduire, la demande de nouveau titre se fait en ligne sur le site de l'ANTS.",
        source="Code de la route : article R225-1",
        intro="Le permis de conduire au format carte de crédit est un titre sécurisé ; son remplacement se fait uniquement en ligne.",
        body=[
            ("Démarche", [
                ("ol", [
                    "Obtenez une *photo numérique* signée (e-photo) auprès d'un photographe ou d'une cabine agréée.",
                    "En cas de vol, déclarez-le au commissariat ou à la gendarmerie ; en cas de perte, la déclaration se fait directement en ligne au moment de la demande.",
                    "Faites la demande sur le site de l'ANTS et payez le timbre fiscal de *25 €* (gratuit en cas de vol déclaré ou de détérioration avec restitution de l'ancien permis).",
                ]),
                "Le nouveau permis est envoyé par courrier sécurisé à votre domicile.",
            ]),
            ("En attendant", [
                ("note", "Après la déclaration de perte en ligne, vous obtenez un récépissé qui permet de conduire pendant *2 mois*, en attendant le nouveau titre. Le vol déclaré au commissariat donne aussi droit à un récépissé valable 2 mois."),
            ]),
        ],
        qs=[
            ("J'ai perdu mon permis de conduire, est-ce que je peux encore conduire en attendant le nouveau ?",
             "Oui, après la déclaration de perte faite en ligne sur le site de l'ANTS, vous obtenez un récépissé qui vous permet de conduire pendant 2 mois. Pour la demande de nouveau permis, il faut une photo numérique (e-photo) et un timbre fiscal de 25 €."),
            ("Mon permis rose est tout abîmé, comment le remplacer et c'est payant ?",
             "Le remplacement d'un permis détérioré se fait en ligne sur le site de l'ANTS avec une photo numérique (e-photo). Il est gratuit lorsque vous restituez l'ancien permis abîmé ; le timbre fiscal de 25 € ne concerne que la perte. Le nouveau permis est envoyé à votre domicile."),
        ],
    ),
    dict(
        id="F90052", theme="transport", kind="info", structure="Préfecture",
        title="Permis à points : consulter son solde et récupérer des points",
        desc="Le permis de conduire dispose de 12 points (6 pendant la période probatoire). Les points perdus peuvent être récupérés automatiquement ou grâce à un stage.",
        source="Code de la route : articles L223-1 à L223-8",
        intro="Chaque infraction au code de la route entraîne le retrait d'un nombre de points fixé par la loi. Lorsque le solde tombe à zéro, le permis est invalidé.",
        body=[
            ("Consulter son solde", [
                "Le solde de points se consulte gratuitement et en ligne sur le service *Mes points permis*, avec FranceConnect ou les identifiants figurant sur le relevé d'information intégral, disponible en préfecture.",
            ]),
            ("Récupérer des points", [
                ("table", "Récupération automatique des points", ["Situation", "Délai sans nouvelle infraction"], [
                    ["Infraction entraînant la perte d'1 point", "6 mois"],
                    ["Contravention des 1re à 3e classes", "2 ans"],
                    ["Contravention des 4e et 5e classes, délit", "3 ans"],
                ]),
                ("sc", "Le stage de sensibilisation à la sécurité routière", [
                    "Un stage de 2 jours permet de récupérer *4 points*, dans la limite du plafond du permis, une fois par an au maximum. Il coûte en général entre 150 € et 250 €.",
                ]),
                ("note", "En période probatoire, le stage est obligatoire après une infraction entraînant le retrait d'au moins 3 points ; il permet alors d'éviter l'amende et de récupérer 4 points."),
            ]),
        ],
        qs=[
            ("Comment je peux savoir combien de points il me reste sur mon permis ?",
             "Vous pouvez consulter gratuitement votre solde de points en ligne sur le service « Mes points permis », avec FranceConnect ou les identifiants du relevé d'information intégral, que vous pouvez demander en préfecture."),
            ("Il me reste 4 points, est-ce qu'un stage peut me faire récupérer des points ?",
             "Oui, un stage de sensibilisation à la sécurité routière de 2 jours permet de récupérer 4 points, au maximum une fois par an. Il coûte en général entre 150 € et 250 €. Les points se récupèrent aussi automatiquement après 6 mois, 2 ans ou 3 ans sans nouvelle infraction selon la gravité."),
        ],
    ),
    dict(
        id="F90053", theme="transport", kind="qr", structure="ANTAI",
        title="Comment contester un avis de contravention ?",
        desc="Si vous contestez une amende, notamment reçue après un contrôle automatique, vous devez le faire dans un délai de 45 jours, en ligne ou par courrier auprès de l'ANTAI.",
        source="Code de procédure pénale : articles 529-2 et 530",
        intro="L'Agence nationale de traitement automatisé des infractions (ANTAI) traite les avis de contravention, notamment ceux des radars.",
        body=[
            ("Les délais", [
                ("ul", [
                    "*45 jours* à partir de l'envoi de l'avis de contravention ;",
                    "*30 jours* si vous avez reçu un avis d'amende forfaitaire majorée (réclamation).",
                ]),
                "Si vous payez l'amende, vous ne pouvez plus la contester : payer revient à reconnaître l'infraction.",
            ]),
            ("Comment contester", [
                ("cas", [
                    ("Vous n'étiez pas le conducteur", [
                        "*Désignez le conducteur* en ligne sur le site de l'ANTAI ou avec le formulaire joint à l'avis. Les points seront retirés au conducteur désigné. Une entreprise est tenue de désigner le conducteur.",
                    ]),
                    ("Vous contestez l'infraction", [
                        "Faites une requête en exonération en ligne ou par lettre recommandée, avec le formulaire de requête et les justificatifs. Vous devez en général verser une *consignation* égale au montant de l'amende forfaitaire.",
                    ]),
                    ("Véhicule volé ou plaques usurpées", [
                        "Joignez le récépissé de déclaration de vol ou le dépôt de plainte pour usurpation de plaques ; aucune consignation n'est demandée.",
                    ]),
                ]),
                ("note", "L'officier du ministère public examine la contestation : il peut classer sans suite ou transmettre au tribunal de police."),
            ]),
        ],
        qs=[
            ("J'ai reçu un PV pour excès de vitesse mais c'est ma femme qui conduisait, comment je fais ?",
             "Vous pouvez désigner le conducteur en ligne sur le site de l'ANTAI ou avec le formulaire joint à l'avis, dans un délai de 45 jours. L'amende et le retrait de points seront alors adressés à la personne désignée. Ne payez pas l'amende, car payer revient à reconnaître l'infraction."),
            ("J'ai un flash radar avec ma plaque mais je n'ai jamais été dans cette ville, que faire ?",
             "Il peut s'agir d'une usurpation de plaques : déposez plainte, puis contestez l'avis de contravention auprès de l'ANTAI dans les 45 jours en joignant le récépissé de plainte. Dans ce cas, aucune consignation n'est demandée."),
        ],
    ),
    dict(
        id="F90054", theme="transport", kind="info", structure="Préfecture",
        title="Contrôle technique d'une voiture",
        desc="Une voiture doit passer le contrôle technique dans les 6 mois précédant son 4e anniversaire, puis tous les 2 ans. En cas de défaillance majeure, une contre-visite doit avoir lieu dans les 2 mois.",
        source="Code de la route : articles R323-22 et R323-23",
        intro="Le contrôle technique vérifie l'état du véhicule dans un centre agréé. Son prix est libre, en général entre 70 € et 100 €.",
        body=[
            ("Périodicité", [
                ("ul", [
                    "premier contrôle dans les *6 mois précédant le 4e anniversaire* de la première immatriculation ;",
                    "puis *tous les 2 ans* ;",
                    "avant la vente d'un véhicule de plus de 4 ans, un contrôle de moins de 6 mois doit être remis à l'acheteur.",
                ]),
            ]),
            ("Résultats", [
                ("table", "Résultat du contrôle technique", ["Résultat", "Conséquence"], [
                    ["Défaillances mineures", "Contrôle favorable, réparations conseillées"],
                    ["Défaillance majeure", "Contre-visite dans les 2 mois"],
                    ["Défaillance critique", "Contre-visite dans les 2 mois ; circulation autorisée seulement le jour du contrôle"],
                ]),
                ("note", "Rouler sans contrôle technique valide expose à une amende forfaitaire de 135 € et à l'immobilisation de la carte grise."),
            ]),
        ],
        qs=[
            ("Ma voiture a 4 ans le mois prochain, c'est obligatoire de faire le contrôle technique ?",
             "Oui, le premier contrôle technique doit être fait dans les 6 mois précédant le 4e anniversaire de la première immatriculation, puis tous les 2 ans. Rouler sans contrôle valide expose à une amende de 135 €."),
            ("Le contrôle technique a trouvé une défaillance critique sur mes freins, je peux rouler ?",
             "Avec une défaillance critique, le véhicule ne peut circuler que jusqu'à la fin de la journée du contrôle, le temps de l'amener au garage. Les réparations doivent être faites et une contre-visite passée dans les 2 mois."),
        ],
    ),
]
