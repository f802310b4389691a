"""Fiches F90001–F90018: logement, famille, santé.

Mini-syntax (rendered by generate.py): a string is a <Paragraphe>; *texte* is <MiseEnEvidence>;
[F90002|texte] is a <LienInterne> to another fiche; ("ul", [...]) and ("ol", [...]) are lists;
("sc", titre, [...]) a <SousChapitre>; ("cas", [(titre, [...]), ...]) a <BlocCas>;
("note", texte) an <ANoter>; ("savoir", texte) an <ASavoir>;
("table", titre, [en-têtes], [[cellules], ...]) a <Tableau>.
Questions: (question, réponse de référence) or (question, réponse, [autres fiches]).
"""

FICHES = [
    # ------------------------------------------------------------------ logement
    dict(
        id="F90001", theme="logement", kind="qr", structure="CAF",
        title="Comment faire une demande d'aide personnalisée au logement (APL) ?",
        desc="Vous êtes locataire de votre résidence principale et vous souhaitez demander l'aide personnalisée au logement (APL) à la Caf ou à la MSA. Voici les conditions et la démarche.",
        source="Code de la construction et de l'habitation : articles L821-1 à L823-9",
        intro="L'aide personnalisée au logement (APL) réduit le montant de votre loyer ou de votre mensualité d'emprunt. Elle est versée par la *Caisse d'allocations familiales (Caf)* ou par la MSA si vous relevez du régime agricole.",
        body=[
            ("Conditions", [
                "Le logement doit être votre *résidence principale*, c'est-à-dire occupé au moins 8 mois par an, et il doit être conventionné, décent et d'une surface minimale.",
                ("ul", [
                    "Vous êtes locataire, colocataire, sous-locataire déclaré ou résident d'un foyer conventionné.",
                    "Vos ressources ne dépassent pas un plafond qui dépend de la composition du foyer et de la zone géographique.",
                    "Le bail est à votre nom, ou vous figurez sur le bail en colocation.",
                ]),
                "Les étudiants peuvent bénéficier de l'APL, y compris lorsqu'ils sont rattachés au foyer fiscal de leurs parents.",
            ]),
            ("Démarche", [
                "La demande se fait en ligne depuis l'espace Mon Compte de la Caf, rubrique « Faire une demande de prestation ». Il faut indiquer le montant du loyer, les coordonnées du propriétaire et déclarer vos ressources.",
                ("cas", [
                    ("Vous êtes locataire dans le parc privé", [
                        "Le propriétaire doit remplir une attestation de loyer, que vous transmettez en ligne avec votre demande.",
                    ]),
                    ("Vous êtes locataire d'un logement social", [
                        "Le bailleur social transmet directement les informations à la Caf. L'aide lui est en général versée et déduite de votre loyer (tiers payant).",
                    ]),
                ]),
                ("note", "L'aide n'est pas versée pour le mois d'entrée dans le logement (le premier mois) : le droit s'ouvre le mois suivant. Une aide dont le montant mensuel est inférieur à 10 € n'est pas versée."),
            ]),
            ("Montant et versement", [
                "Le montant est calculé à partir de vos ressources des 12 derniers mois, actualisées tous les trimestres, du loyer (dans la limite d'un plafond) et de la composition de votre foyer. Le simulateur de la Caf donne une estimation avant la demande.",
                "L'APL est versée chaque mois, le plus souvent directement au propriétaire, qui la déduit du loyer. Tout changement de situation (naissance, séparation, hausse de revenus, déménagement) doit être déclaré rapidement pour éviter un trop-perçu.",
            ]),
        ],
        qs=[
            ("Bonjour, je viens de signer un bail pour un studio, comment je fais pour toucher les APL ?",
             "La demande d'APL se fait en ligne sur l'espace Mon Compte de la Caf (ou de la MSA), rubrique « Faire une demande de prestation ». Vous devez déclarer le loyer, les coordonnées du propriétaire et vos ressources ; dans le parc privé, le propriétaire remplit une attestation de loyer. L'aide est due à partir du mois qui suit votre entrée dans le logement."),
            ("Pourquoi je n'ai rien touché pour le premier mois dans mon nouvel appartement ?",
             "C'est la règle : l'APL n'est pas versée pour le mois d'entrée dans le logement, le droit s'ouvre seulement le mois suivant. Par ailleurs, si le montant calculé est inférieur à 10 € par mois, il n'est pas versé."),
            ("Je suis étudiante et encore rattachée aux impôts de mes parents, est-ce que j'ai droit à l'APL ?",
             "Oui, un étudiant peut bénéficier de l'APL même s'il reste rattaché au foyer fiscal de ses parents, à condition que le logement soit sa résidence principale et qu'il soit titulaire du bail. La demande se fait en ligne auprès de la Caf ; le montant dépend du loyer et de vos propres ressources."),
        ],
    ),
    dict(
        id="F90002", theme="logement", kind="info", structure="ADIL",
        title="Dépôt de garantie : restitution à la fin de la location",
        desc="À la fin du bail, le propriétaire doit vous rendre le dépôt de garantie (souvent appelé caution) dans un délai qui dépend de l'état des lieux de sortie.",
        source="Loi n° 89-462 du 6 juillet 1989 : article 22",
        intro="Le dépôt de garantie est la somme versée au propriétaire à la signature du bail pour couvrir d'éventuels manquements du locataire (loyers impayés, dégradations).",
        body=[
            ("Montant maximal", [
                ("table", "Plafond du dépôt de garantie", ["Type de location", "Montant maximal"], [
                    ["Logement loué vide", "1 mois de loyer hors charges"],
                    ["Logement loué meublé", "2 mois de loyer hors charges"],
                    ["Bail mobilité", "Aucun dépôt de garantie autorisé"],
                ]),
            ]),
            ("Délai de restitution", [
                "Le délai court à partir de la *remise des clés* au propriétaire ou à son mandataire.",
                ("ul", [
                    "*1 mois* si l'état des lieux de sortie est conforme à l'état des lieux d'entrée ;",
                    "*2 mois* si l'état des lieux de sortie fait apparaître des différences.",
                ]),
                "Le propriétaire peut retenir les sommes dues (loyers, charges, réparations locatives) à condition de les justifier par des devis, factures ou constats.",
                ("sc", "Copropriété", [
                    "Si le logement est en copropriété, le propriétaire peut conserver jusqu'à 20 % du dépôt en attendant l'arrêté annuel des comptes de l'immeuble.",
                ]),
            ]),
            ("En cas de retard", [
                "Si le dépôt n'est pas rendu dans les délais, la somme due est majorée de *10 % du loyer mensuel hors charges* pour chaque mois de retard commencé.",
                ("ol", [
                    "Envoyez d'abord une lettre de relance au propriétaire, de préférence en recommandé avec avis de réception.",
                    "Sans réponse, saisissez gratuitement la commission départementale de conciliation ou un [F90070|conciliateur de justice].",
                    "En dernier recours, saisissez le tribunal judiciaire (juge des contentieux de la protection).",
                ]),
                ("savoir", "L'Agence départementale d'information sur le logement (ADIL) donne des conseils juridiques gratuits aux locataires et aux propriétaires."),
            ]),
        ],
        qs=[
            ("J'ai rendu les clés il y a 6 semaines, l'état des lieux était nickel et toujours pas de caution. C'est normal ?",
             "Non. Lorsque l'état des lieux de sortie est conforme à celui d'entrée, le propriétaire doit restituer le dépôt de garantie dans un délai d'un mois après la remise des clés. Passé ce délai, la somme est majorée de 10 % du loyer mensuel hors charges par mois de retard ; vous pouvez le relancer par lettre recommandée puis saisir la commission départementale de conciliation."),
            ("Mon propriétaire me demande 3 mois de caution pour un T2 non meublé, il a le droit ?",
             "Non. Pour un logement loué vide, le dépôt de garantie est plafonné à un mois de loyer hors charges (deux mois pour un meublé, aucun pour un bail mobilité). L'ADIL de votre département peut vous conseiller gratuitement."),
            ("Combien de temps le bailleur a pour rendre le dépôt de garantie quand il y a des dégradations ?",
             "Si l'état des lieux de sortie fait apparaître des différences avec celui d'entrée, le propriétaire dispose de deux mois à partir de la remise des clés. Il peut retenir le coût des réparations mais doit le justifier par des devis, factures ou constats."),
        ],
    ),
    dict(
        id="F90003", theme="logement", kind="qr", structure="ADIL",
        title="Quel est le préavis à respecter quand on quitte un logement loué ?",
        desc="Le locataire qui donne congé doit respecter un délai de préavis de 3 mois ou de 1 mois selon le logement et sa situation.",
        source="Loi n° 89-462 du 6 juillet 1989 : articles 15 et 25-8",
        intro="Le locataire peut quitter son logement à tout moment, à condition de prévenir le propriétaire par écrit et de respecter un délai de préavis.",
        body=[
            ("Durée du préavis", [
                "Pour une location vide, le préavis est en principe de *3 mois*. Il est réduit à *1 mois* dans les cas suivants :",
                ("ul", [
                    "logement situé en zone tendue (grandes agglomérations où la demande de logements est forte) ;",
                    "obtention d'un premier emploi, mutation, perte d'emploi ou nouvel emploi après une perte d'emploi ;",
                    "état de santé justifiant un changement de domicile (certificat médical) ;",
                    "bénéficiaire du RSA ou de l'allocation aux adultes handicapés (AAH) ;",
                    "attribution d'un logement social.",
                ]),
                "Pour une location meublée, le préavis du locataire est toujours d'1 mois.",
            ]),
            ("Comment donner congé", [
                "Le congé est envoyé par lettre recommandée avec avis de réception, remis en main propre contre récépissé ou signifié par commissaire de justice. Si vous invoquez un préavis réduit, joignez le justificatif.",
                ("note", "Le préavis commence le jour où le propriétaire reçoit la lettre, et non le jour de son envoi. Le loyer reste dû pendant toute la durée du préavis, sauf si un nouveau locataire entre plus tôt avec l'accord du propriétaire."),
            ]),
        ],
        qs=[
            ("Je déménage pour un nouveau boulot à Nantes, je dois donner 3 mois de préavis pour mon appart vide ?",
             "Non, une mutation ou l'obtention d'un nouvel emploi permet de réduire le préavis à un mois pour une location vide. Il faut le préciser dans votre lettre de congé (recommandé avec avis de réception, remise en main propre ou commissaire de justice) et joindre un justificatif, par exemple votre contrat de travail."),
            ("À partir de quand compte le préavis, la date d'envoi du recommandé ou la réception ?",
             "Le préavis commence à courir le jour où le propriétaire reçoit la lettre de congé (ou le jour de la remise en main propre ou de la signification), pas le jour de l'envoi. Le loyer reste dû jusqu'à la fin du préavis."),
        ],
    ),
    dict(
        id="F90004", theme="logement", kind="info", structure="Mairie",
        title="Logement social : faire une demande de logement HLM",
        desc="Pour obtenir un logement social, vous devez déposer une demande qui reçoit un numéro unique départemental. Elle doit être renouvelée chaque année.",
        source="Code de la construction et de l'habitation : articles L441 à L441-2-9",
        intro="Les logements sociaux (HLM) sont attribués sous conditions de ressources par une commission d'attribution du bailleur social.",
        body=[
            ("Qui peut faire une demande ?", [
                "Toute personne majeure de nationalité française ou titulaire d'un titre de séjour régulier peut déposer une demande, si les revenus du foyer ne dépassent pas les *plafonds de ressources*. Ces plafonds dépendent de la composition du foyer, de la localisation du logement et du type de logement social.",
            ]),
            ("Déposer la demande", [
                "La demande se dépose en ligne sur le portail national de la demande de logement social, ou avec le formulaire cerfa n° 14069 auprès d'un bailleur social, de la mairie ou d'un autre service enregistreur.",
                ("ol", [
                    "Remplissez la demande et joignez une pièce d'identité ou un titre de séjour.",
                    "Vous recevez une attestation avec un *numéro unique* dans un délai d'un mois.",
                    "Mettez à jour votre dossier à chaque changement et fournissez les pièces demandées (avis d'imposition, bulletins de salaire).",
                ]),
                ("savoir", "Une seule demande suffit pour tout le département : elle est partagée entre les bailleurs sociaux et vous pouvez y indiquer plusieurs communes souhaitées. Le numéro unique permet de prouver l'ancienneté de votre demande."),
            ]),
            ("Durée et renouvellement", [
                "La demande est valable *1 an*. Elle doit être renouvelée chaque année avant sa date anniversaire, sinon elle est radiée et vous perdez votre ancienneté.",
                ("sc", "Délai anormalement long", [
                    "Si vous n'avez reçu aucune proposition adaptée au-delà d'un délai fixé par le préfet dans chaque département, vous pouvez saisir la commission de médiation au titre du droit au logement opposable (Dalo).",
                ]),
            ]),
        ],
        qs=[
            ("Comment on fait pour avoir un HLM ? Je suis seule avec deux enfants et mon loyer est trop cher.",
             "Vous pouvez déposer une demande de logement social en ligne sur le portail national ou avec le formulaire cerfa n° 14069 auprès d'un bailleur, de la mairie ou d'un service enregistreur. Vos revenus doivent être inférieurs aux plafonds de ressources ; vous recevez un numéro unique départemental dans le mois. La demande doit être renouvelée chaque année."),
            ("Ma demande de logement social a été radiée, j'avais oublié de la renouveler, je perds tout ?",
             "La demande de logement social est valable un an et doit être renouvelée avant sa date anniversaire ; à défaut, elle est radiée et l'ancienneté est perdue. Il faut donc déposer une nouvelle demande, qui recevra un nouveau numéro unique."),
            ("Ça fait des années que j'attends un logement social sans aucune proposition, je peux faire quoi ?",
             "Si vous n'avez reçu aucune proposition adaptée au-delà du délai anormalement long fixé par le préfet dans votre département, vous pouvez saisir la commission de médiation au titre du droit au logement opposable (Dalo). Pensez à garder votre demande à jour et à la renouveler chaque année."),
        ],
    ),
    dict(
        id="F90005", theme="logement", kind="info", structure="Action Logement",
        title="Garantie Visale : se porter caution gratuitement pour un locataire",
        desc="Visale est une caution gratuite accordée par Action Logement, qui garantit au propriétaire le paiement des loyers impayés. Elle permet de louer sans garant.",
        source="Convention quinquennale entre l'État et Action Logement",
        intro="La garantie Visale remplace la caution d'un proche quand on n'a pas de garant : Action Logement s'engage à payer le propriétaire en cas d'impayés, puis se fait rembourser par le locataire.",
        body=[
            ("Qui peut en bénéficier ?", [
                ("ul", [
                    "les jeunes de *18 à 30 ans* inclus, quelle que soit leur situation (étudiant, alternant, salarié, demandeur d'emploi) ;",
                    "les salariés de plus de 30 ans embauchés depuis moins de 6 mois ou en mutation, dont le salaire ne dépasse pas un plafond ;",
                    "les ménages accompagnés par un organisme d'intermédiation locative.",
                ]),
                "Le loyer charges comprises ne doit pas dépasser environ *1 500 € en Île-de-France* et *1 300 € ailleurs* (plafond plus bas pour les étudiants sans ressources).",
            ]),
            ("Démarche", [
                "Le locataire fait sa demande en ligne, gratuitement, avant de signer le bail. Il obtient un *visa* qu'il transmet au propriétaire, qui doit ensuite accepter la garantie en ligne.",
                ("note", "Visale couvre jusqu'à 36 mensualités d'impayés dans le parc privé ainsi que, sous conditions, les dégradations locatives. Les sommes avancées restent dues par le locataire, avec un échéancier adapté."),
            ]),
        ],
        qs=[
            ("J'ai 24 ans, je trouve pas de garant pour mon appart, il existe une solution ?",
             "Oui, la garantie Visale d'Action Logement est une caution gratuite ouverte à tous les jeunes de 18 à 30 ans, quelle que soit leur situation. Vous la demandez en ligne avant de signer le bail, puis vous transmettez le visa obtenu au propriétaire, qui doit accepter la garantie."),
            ("Est-ce que Visale c'est gratuit et est-ce que je devrai rembourser si je ne paie pas mon loyer ?",
             "La garantie Visale est gratuite pour le locataire comme pour le propriétaire. En cas d'impayé, Action Logement paie le propriétaire, mais les sommes avancées restent dues par le locataire, qui les rembourse selon un échéancier adapté."),
        ],
    ),
    dict(
        id="F90006", theme="logement", kind="qr", structure="CAF",
        title="Que faire si votre logement loué est indécent ?",
        desc="Le propriétaire doit louer un logement décent. S'il ne l'est pas, vous pouvez exiger des travaux, et la Caf peut conserver l'aide au logement.",
        source="Décret n° 2002-120 du 30 janvier 2002 relatif aux caractéristiques du logement décent",
        intro="Un logement décent ne présente pas de risques pour la sécurité ou la santé, dispose des équipements habituels et respecte un niveau minimal de performance énergétique.",
        body=[
            ("Critères de décence", [
                ("ul", [
                    "une pièce principale d'au moins *9 m²* avec une hauteur sous plafond de 2,20 m (ou un volume de 20 m³) ;",
                    "une installation électrique et de gaz sans danger, une aération suffisante, pas d'infiltrations ni de nuisibles ;",
                    "eau potable, chauffage, coin cuisine et sanitaires ;",
                    "depuis le 1er janvier 2025, les logements classés *G* au [F90060|diagnostic de performance énergétique] ne peuvent plus être proposés à la location avec un nouveau bail.",
                ]),
            ]),
            ("Démarches du locataire", [
                ("ol", [
                    "Signalez les désordres au propriétaire par lettre recommandée en demandant la réalisation des travaux.",
                    "Sans réponse dans un délai de 2 mois, saisissez la commission départementale de conciliation ou le juge des contentieux de la protection.",
                    "Informez la Caf : après constat de non-décence, elle peut *conserver l'aide au logement* pendant 18 mois au plus, le temps que le propriétaire réalise les travaux. Vous ne payez alors que le loyer diminué du montant de l'aide.",
                ]),
                ("note", "Ne cessez pas de payer le loyer de vous-même : vous vous exposeriez à une procédure d'expulsion. Seul un juge peut autoriser une suspension ou une réduction du loyer."),
                ("savoir", "En cas de danger pour la santé (insalubrité, péril), le maire ou le service communal d'hygiène et de santé peut être saisi directement."),
            ]),
        ],
        qs=[
            ("Mon appart est plein de moisissures et le proprio ne fait rien depuis des mois, est-ce que je peux arrêter de payer le loyer ?",
             "Non, il ne faut pas cesser de payer le loyer de vous-même, car vous vous exposeriez à une procédure d'expulsion. Envoyez une lettre recommandée au propriétaire pour exiger les travaux ; sans réponse sous 2 mois, saisissez la commission départementale de conciliation ou le juge. La Caf peut aussi, après constat de non-décence, conserver l'aide au logement jusqu'à ce que les travaux soient faits."),
            ("La CAF m'a dit qu'elle allait garder mon APL à cause de l'état du logement, ça veut dire quoi ?",
             "Lorsque le logement est reconnu non décent, la Caf peut conserver l'aide au logement au lieu de la verser au propriétaire, pendant 18 mois au plus, pour l'inciter à faire les travaux. Pendant ce temps, vous ne payez que le loyer diminué du montant de l'aide ; l'aide est reversée au propriétaire une fois les travaux réalisés."),
        ],
    ),
    # ------------------------------------------------------------------ famille
    dict(
        id="F90007", theme="famille", kind="info", structure="CAF",
        title="Allocations familiales",
        desc="Les allocations familiales sont versées aux familles ayant au moins 2 enfants de moins de 20 ans à charge. Leur montant dépend des ressources.",
        source="Code de la sécurité sociale : articles L521-1 à L521-3",
        intro="Les allocations familiales sont versées par la Caf ou la MSA, sans démarche particulière si vous êtes déjà allocataire, dès le 2e enfant à charge.",
        body=[
            ("Conditions", [
                "Vous devez résider en France et avoir *au moins 2 enfants à charge* de moins de 20 ans. Un enfant qui perçoit un salaire supérieur à 55 % du Smic n'est plus considéré à charge.",
                "Si vous n'êtes pas encore allocataire, déclarez votre situation en ligne sur le site de la Caf (ou de la MSA) en créant votre espace.",
            ]),
            ("Montant", [
                "Le montant dépend du nombre d'enfants et des ressources du foyer. Montants mensuels approximatifs au 1er avril 2025 pour les ressources les plus basses :",
                ("table", "Montants mensuels (tranche de ressources la plus basse)", ["Nombre d'enfants", "Montant"], [
                    ["2 enfants", "environ 150 €"],
                    ["3 enfants", "environ 340 €"],
                    ["Par enfant supplémentaire", "environ 190 €"],
                ]),
                "Les montants sont divisés par deux ou par quatre pour les foyers aux revenus plus élevés. Une *majoration* d'environ 75 € est versée pour chaque enfant de plus de 14 ans (sauf l'aîné d'une famille de 2 enfants).",
                ("note", "Une allocation forfaitaire d'environ 90 € par mois est versée pendant un an lorsqu'un enfant atteint 20 ans dans une famille d'au moins 3 enfants."),
            ]),
        ],
        qs=[
            ("On attend notre deuxième bébé, est-ce qu'on va toucher les allocs automatiquement ?",
             "Oui, si vous êtes déjà allocataire de la Caf (ou de la MSA), les allocations familiales sont versées sans démarche particulière dès le 2e enfant à charge, après la déclaration de la naissance. Leur montant dépend de vos ressources : environ 150 € par mois pour 2 enfants pour les revenus les plus modestes, divisé par deux ou par quatre au-delà de certains plafonds."),
            ("Mon fils de 19 ans a commencé un CDI, est-ce que ça change quelque chose pour nos allocations familiales ?",
             "Oui, un enfant qui perçoit un salaire supérieur à 55 % du Smic n'est plus considéré à charge pour les allocations familiales. Il faut déclarer ce changement à la Caf ; si vous n'avez plus au moins 2 enfants à charge, les allocations familiales s'arrêtent."),
        ],
    ),
    dict(
        id="F90008", theme="famille", kind="qr", structure="CAF",
        title="Comment obtenir la prime à la naissance ?",
        desc="La prime à la naissance est versée sous conditions de ressources au cours du 7e mois de grossesse, si la grossesse a été déclarée dans les délais.",
        source="Code de la sécurité sociale : articles L531-2 et D531-2",
        intro="La prime à la naissance fait partie de la prestation d'accueil du jeune enfant (Paje). Elle aide à faire face aux dépenses liées à l'arrivée d'un enfant.",
        body=[
            ("Conditions", [
                ("ul", [
                    "déclarer la grossesse à la Caisse d'assurance maladie et à la Caf *avant la fin de la 14e semaine* ;",
                    "ne pas dépasser un plafond de ressources qui dépend du nombre d'enfants et des revenus du couple ;",
                    "résider en France.",
                ]),
            ]),
            ("Montant et versement", [
                "Le montant est d'environ *1 080 €* par enfant à naître (une prime par enfant en cas de naissances multiples). Il est versé au cours du *7e mois de grossesse*.",
                "En cas d'adoption, une prime à l'adoption d'environ 2 160 € est versée.",
                ("savoir", "La déclaration de grossesse est faite par le médecin ou la sage-femme lors du premier examen prénatal, en ligne, et transmise directement à la Caf et à l'Assurance maladie."),
            ]),
        ],
        qs=[
            ("Quand est-ce qu'on reçoit la prime de naissance de la CAF et c'est combien ?",
             "La prime à la naissance est d'environ 1 080 € par enfant et elle est versée au cours du 7e mois de grossesse. Elle est accordée sous conditions de ressources, à condition que la grossesse ait été déclarée avant la fin de la 14e semaine."),
            ("J'ai déclaré ma grossesse tard, à 16 semaines, est-ce que j'aurai quand même la prime ?",
             "La prime à la naissance suppose que la grossesse soit déclarée avant la fin de la 14e semaine. Une déclaration tardive peut entraîner le refus de la prime : contactez votre Caf pour faire examiner votre situation."),
        ],
    ),
    dict(
        id="F90009", theme="famille", kind="info", structure="CPAM",
        title="Congé de paternité et d'accueil de l'enfant",
        desc="Le second parent bénéficie d'un congé de paternité et d'accueil de l'enfant de 25 jours calendaires, indemnisé par l'Assurance maladie.",
        source="Code du travail : articles L1225-35 et L1225-35-1",
        intro="Le congé de paternité et d'accueil de l'enfant est ouvert au père salarié ainsi qu'au conjoint, partenaire de Pacs ou concubin de la mère, sans condition d'ancienneté.",
        body=[
            ("Durée", [
                "Le congé dure *25 jours calendaires* (32 jours en cas de naissances multiples). Il s'ajoute aux *3 jours* de congé de naissance payés par l'employeur.",
                ("ul", [
                    "une première période de *4 jours* doit être prise immédiatement après le congé de naissance ;",
                    "les 21 jours restants peuvent être pris en une ou deux fois (d'au moins 5 jours chacune) dans les 6 mois suivant la naissance.",
                ]),
            ]),
            ("Démarches et indemnisation", [
                "Prévenez l'employeur au moins *1 mois* avant la date de début de chaque période, par tout moyen. Transmettez à la CPAM l'acte de naissance ou la copie du livret de famille.",
                "Pendant le congé, l'Assurance maladie verse des *indemnités journalières* calculées sur les salaires des 3 derniers mois, dans la limite d'un plafond (environ 100 € par jour).",
                ("note", "Les travailleurs indépendants bénéficient aussi de ce congé, avec une indemnisation forfaitaire, à condition de cesser leur activité pendant la durée du congé."),
            ]),
        ],
        qs=[
            ("Mon fils est né hier, combien de jours de congé paternité j'ai droit exactement ?",
             "Vous avez droit à 3 jours de congé de naissance payés par l'employeur, puis à 25 jours calendaires de congé de paternité et d'accueil de l'enfant (32 en cas de naissances multiples). Les 4 premiers jours doivent suivre immédiatement le congé de naissance ; les 21 autres peuvent être pris dans les 6 mois suivant la naissance."),
            ("Qui me paie pendant le congé paternité, mon employeur ou la sécu ?",
             "Les 3 jours de congé de naissance sont payés par l'employeur. Les 25 jours de congé de paternité sont indemnisés par l'Assurance maladie sous forme d'indemnités journalières, calculées sur les salaires des 3 derniers mois dans la limite d'un plafond ; envoyez à la CPAM l'acte de naissance ou le livret de famille."),
        ],
    ),
    dict(
        id="F90010", theme="famille", kind="qr", structure="CAF",
        title="Assistante maternelle : quelle aide de la Caf pour la garde de votre enfant ?",
        desc="Le complément de libre choix du mode de garde (CMG) prend en charge une partie du salaire d'une assistante maternelle ou d'une garde à domicile.",
        source="Code de la sécurité sociale : articles L531-5 à L531-9",
        intro="Le complément de libre choix du mode de garde (CMG) est une aide de la Caf pour les parents qui emploient une assistante maternelle agréée ou une garde d'enfant à domicile.",
        body=[
            ("Conditions", [
                ("ul", [
                    "l'enfant a *moins de 6 ans* (jusqu'à 12 ans pour les familles monoparentales depuis septembre 2025) ;",
                    "vous exercez une activité professionnelle minimale, ou vous êtes étudiant, ou bénéficiaire de certaines allocations ;",
                    "l'assistante maternelle est agréée et sa rémunération ne dépasse pas un plafond journalier.",
                ]),
            ]),
            ("Démarche", [
                "Faites la demande en ligne sur le site de la Caf. Vous déclarez ensuite chaque mois le salaire de l'assistante maternelle sur *Pajemploi*, qui calcule et verse le CMG.",
                "Avec le service Pajemploi+, la Caf verse directement le CMG au salarié et seul le reste à charge est prélevé sur votre compte.",
                ("savoir", "Depuis septembre 2025, le montant du CMG est calculé selon le nombre d'heures de garde et le coût horaire, comme le tarif d'une crèche, et non plus par tranches de revenus. Les dépenses restant à votre charge ouvrent droit à un crédit d'impôt pour frais de garde."),
            ]),
        ],
        qs=[
            ("On va faire garder notre fille de 8 mois chez une nounou agréée, la CAF aide combien ?",
             "La Caf peut verser le complément de libre choix du mode de garde (CMG) pour un enfant de moins de 6 ans gardé par une assistante maternelle agréée. Depuis septembre 2025, son montant dépend du nombre d'heures de garde, du coût horaire et de vos revenus. La demande se fait en ligne sur le site de la Caf, puis vous déclarez chaque mois le salaire sur Pajemploi."),
            ("C'est quoi Pajemploi+ ? Je dois avancer tout le salaire de l'assistante maternelle ?",
             "Avec Pajemploi+, vous n'avancez pas tout le salaire : la Caf verse directement le complément de libre choix du mode de garde (CMG) à l'assistante maternelle et seul le reste à charge est prélevé sur votre compte. Vous déclarez toujours chaque mois les heures et le salaire sur Pajemploi."),
        ],
    ),
    dict(
        id="F90011", theme="famille", kind="qr", structure="CAF",
        title="Pension alimentaire impayée : que peut faire la Caf ?",
        desc="En cas de pension alimentaire impayée, l'Agence de recouvrement et d'intermédiation des pensions alimentaires (Aripa) peut récupérer les sommes et vous verser l'allocation de soutien familial.",
        source="Code de la sécurité sociale : articles L582-1 et L582-2",
        intro="L'Aripa, rattachée à la Caf et à la MSA, aide les parents séparés à percevoir la pension alimentaire fixée pour leurs enfants.",
        body=[
            ("L'intermédiation financière", [
                "Avec l'intermédiation financière, le parent débiteur verse chaque mois la pension à la Caf, qui la reverse au parent créancier. Elle est mise en place *automatiquement* lors d'un divorce ou d'une décision du juge depuis 2023, sauf refus des deux parents.",
                "Elle peut aussi être demandée en ligne à tout moment par l'un des parents, sur la base d'un jugement, d'une convention homologuée ou d'un titre exécutoire.",
            ]),
            ("En cas d'impayé", [
                ("ol", [
                    "Signalez l'impayé à la Caf dès le premier mois non payé.",
                    "La Caf engage le recouvrement auprès de l'autre parent (jusqu'à 24 mois d'arriérés), y compris par prélèvement sur son salaire.",
                    "Pendant ce temps, vous pouvez percevoir l'*allocation de soutien familial* (ASF), d'environ 200 € par mois et par enfant.",
                ]),
                ("savoir", "Si vous élevez seul votre enfant et qu'aucune pension n'est fixée, l'ASF peut vous être versée pendant 4 mois, le temps d'engager une procédure de fixation de pension."),
            ]),
        ],
        qs=[
            ("Mon ex ne paie plus la pension alimentaire de nos deux enfants depuis 3 mois, qui peut m'aider ?",
             "Signalez l'impayé à la Caf : l'Aripa (Agence de recouvrement et d'intermédiation des pensions alimentaires) engage le recouvrement auprès de l'autre parent, jusqu'à 24 mois d'arriérés, y compris par prélèvement sur son salaire. En attendant, vous pouvez percevoir l'allocation de soutien familial, d'environ 200 € par mois et par enfant."),
            ("C'est quoi l'intermédiation financière des pensions alimentaires ?",
             "C'est un service de la Caf (Aripa) : le parent qui doit la pension la verse chaque mois à la Caf, qui la reverse à l'autre parent. Depuis 2023, elle est mise en place automatiquement lors d'un divorce ou d'une décision du juge, sauf refus des deux parents, et elle peut être demandée en ligne à tout moment."),
            ("Je suis seul avec mon enfant et sa mère ne verse rien, il n'y a aucun jugement. Est-ce qu'il y a une aide ?",
             "Oui, l'allocation de soutien familial (ASF), d'environ 200 € par mois et par enfant, peut vous être versée par la Caf. Sans pension fixée, elle est versée pendant 4 mois, le temps d'engager une procédure de fixation de la pension devant le juge aux affaires familiales."),
        ],
    ),
    dict(
        id="F90012", theme="famille", kind="info", structure="CAF",
        title="Allocation de rentrée scolaire (ARS)",
        desc="L'allocation de rentrée scolaire aide les familles aux revenus modestes à financer les dépenses de la rentrée des enfants de 6 à 18 ans.",
        source="Code de la sécurité sociale : articles L543-1 et R543-1 à R543-6",
        intro="L'allocation de rentrée scolaire (ARS) est versée par la Caf ou la MSA une fois par an, à la mi-août, sous conditions de ressources.",
        body=[
            ("Conditions", [
                "L'enfant doit avoir entre *6 et 18 ans* et être scolarisé ou en apprentissage. Les ressources de l'année N-2 ne doivent pas dépasser un plafond (environ 28 000 € pour un enfant, majoré d'environ 6 500 € par enfant supplémentaire).",
                "Pour les enfants de 6 à 15 ans, aucune démarche n'est nécessaire si vous êtes allocataire. Pour les jeunes de *16 à 18 ans*, vous devez déclarer leur scolarité ou leur apprentissage en ligne.",
            ]),
            ("Montant 2025", [
                ("table", "Montant par enfant", ["Âge de l'enfant", "Montant"], [
                    ["6 à 10 ans", "environ 423 €"],
                    ["11 à 14 ans", "environ 447 €"],
                    ["15 à 18 ans", "environ 462 €"],
                ]),
                ("note", "Une allocation réduite peut être versée si vos revenus dépassent légèrement le plafond."),
            ]),
        ],
        qs=[
            ("Ma fille a 16 ans et je n'ai pas reçu l'allocation de rentrée cette année, pourquoi ?",
             "Pour un jeune de 16 à 18 ans, l'allocation de rentrée scolaire n'est pas automatique : il faut déclarer sa scolarité ou son apprentissage en ligne sur le site de la Caf. L'ARS est aussi soumise à un plafond de ressources ; une fois la déclaration faite, elle est versée si vous remplissez les conditions."),
            ("L'ARS c'est combien pour un enfant qui rentre en 6e ?",
             "Pour un enfant de 11 à 14 ans, l'allocation de rentrée scolaire 2025 est d'environ 447 €. Elle est versée à la mi-août par la Caf, sous conditions de ressources, sans démarche si vous êtes allocataire."),
        ],
    ),
    # ------------------------------------------------------------------ santé
    dict(
        id="F90013", theme="santé", kind="qr", structure="CPAM",
        title="Carte Vitale perdue, volée ou abîmée : comment la remplacer ?",
        desc="En cas de perte, de vol ou de dysfonctionnement de votre carte Vitale, vous pouvez en commander une nouvelle depuis votre compte ameli.",
        source="Code de la sécurité sociale : articles R161-33-1 et suivants",
        intro="La carte Vitale atteste de vos droits à l'Assurance maladie et permet d'être remboursé sans envoyer de feuille de soins.",
        body=[
            ("Commander une nouvelle carte", [
                ("ol", [
                    "Connectez-vous à votre compte ameli, rubrique « Mes démarches ».",
                    "Déclarez la perte, le vol ou le dysfonctionnement : l'ancienne carte est aussitôt désactivée.",
                    "Envoyez une photo d'identité récente et la copie d'une pièce d'identité.",
                ]),
                "La nouvelle carte arrive par courrier en *2 à 3 semaines* environ. Une déclaration de vol au commissariat n'est pas nécessaire.",
            ]),
            ("En attendant la nouvelle carte", [
                "Vous pouvez télécharger une *attestation de droits* sur ameli ou utiliser l'*application carte Vitale*, qui remplace la carte physique chez les professionnels de santé équipés.",
                ("note", "Si vous n'avez pas de compte ameli, vous pouvez faire la demande par courrier ou dans un accueil de votre CPAM, avec le formulaire de demande de carte Vitale."),
            ]),
        ],
        qs=[
            ("J'ai perdu mon portefeuille avec ma carte vitale dedans, je fais comment ?",
             "Déclarez la perte dans votre compte ameli, rubrique « Mes démarches », et commandez une nouvelle carte en envoyant une photo et une copie de votre pièce d'identité ; l'ancienne carte est désactivée aussitôt. La nouvelle arrive en 2 à 3 semaines environ ; en attendant, utilisez une attestation de droits ou l'application carte Vitale."),
            ("Ma carte vitale ne marche plus chez le pharmacien, comment en avoir une nouvelle ?",
             "Vous pouvez signaler le dysfonctionnement et commander une nouvelle carte depuis votre compte ameli, avec une photo d'identité et une copie de votre pièce d'identité. En attendant, une attestation de droits téléchargeable sur ameli ou l'application carte Vitale vous permettent de vous faire rembourser."),
        ],
    ),
    dict(
        id="F90014", theme="santé", kind="info", structure="CPAM",
        title="Complémentaire santé solidaire (C2S)",
        desc="La complémentaire santé solidaire prend en charge la part de vos dépenses de santé non remboursée par l'Assurance maladie. Elle est gratuite ou coûte moins d'1 € par jour selon vos ressources.",
        source="Code de la sécurité sociale : articles L861-1 à L861-10",
        intro="La complémentaire santé solidaire (C2S, parfois appelée CSS ou « mutuelle gratuite ») est destinée aux personnes aux revenus modestes. Elle a remplacé la CMU complémentaire et l'ACS, et couvre la plupart des soins sans avance de frais.",
        body=[
            ("Conditions de ressources", [
                "Vous devez résider en France de manière stable et régulière. Vos ressources des 12 derniers mois ne doivent pas dépasser un plafond :",
                ("table", "Plafonds annuels approximatifs (métropole, 2025)", ["Foyer", "C2S gratuite", "C2S avec participation"], [
                    ["1 personne", "environ 10 200 €", "environ 13 700 €"],
                    ["2 personnes", "environ 15 200 €", "environ 20 600 €"],
                    ["3 personnes", "environ 18 300 €", "environ 24 700 €"],
                ]),
                "La participation financière varie de 8 € à 30 € par mois et par personne selon l'âge.",
            ]),
            ("Demande", [
                "La demande se fait en ligne sur le compte ameli ou avec le formulaire cerfa n° 12504 déposé à la CPAM. La réponse est donnée dans un délai de 2 mois ; l'absence de réponse vaut refus.",
                "Les bénéficiaires du RSA y ont droit sans condition de ressources supplémentaire et la demande est simplifiée.",
                ("note", "Le droit est accordé pour 1 an. Pensez à le renouveler 2 à 4 mois avant l'échéance ; pour les bénéficiaires du RSA et certains allocataires de l'ASPA, le renouvellement est automatique."),
            ]),
        ],
        qs=[
            ("Je gagne 900 € par mois, je peux avoir une mutuelle gratuite ?",
             "Avec environ 10 800 € par an, vous êtes au-dessus du plafond de la complémentaire santé solidaire gratuite pour une personne seule (environ 10 200 €) mais en dessous de celui de la C2S avec participation (environ 13 700 €) : vous pourriez l'obtenir pour une participation de 8 € à 30 € par mois selon votre âge. La demande se fait sur votre compte ameli ou avec le formulaire cerfa n° 12504."),
            ("Ma CSS se termine le mois prochain, il faut refaire une demande ?",
             "Oui, la complémentaire santé solidaire est accordée pour un an : il faut demander son renouvellement 2 à 4 mois avant l'échéance, en ligne sur ameli ou par formulaire. Le renouvellement est automatique seulement pour les bénéficiaires du RSA et certains allocataires de l'ASPA."),
        ],
    ),
    dict(
        id="F90015", theme="santé", kind="qr", structure="CPAM",
        title="Comment déclarer son médecin traitant ?",
        desc="Déclarer un médecin traitant est nécessaire pour être bien remboursé. La déclaration est faite par le médecin, en ligne, lors d'une consultation.",
        source="Code de la sécurité sociale : article L162-5-3",
        intro="Le médecin traitant coordonne votre parcours de soins. Tout assuré de 16 ans ou plus doit en déclarer un pour bénéficier d'un remboursement normal.",
        body=[
            ("Déclaration", [
                "Lors d'une consultation, demandez au médecin s'il accepte d'être votre médecin traitant. Il fait la déclaration *en ligne* avec votre carte Vitale. Vous pouvez aussi remplir le formulaire cerfa n° 12485 avec lui et l'envoyer à votre CPAM.",
                "Vous pouvez en changer à tout moment, avec la même démarche.",
            ]),
            ("Remboursement", [
                ("cas", [
                    ("Vous respectez le parcours de soins", [
                        "La consultation de 30 € chez un généraliste est remboursée à *70 %*, moins une participation forfaitaire de 2 €.",
                    ]),
                    ("Vous êtes hors parcours de soins", [
                        "Le remboursement tombe à *30 %* et les spécialistes peuvent appliquer un dépassement d'honoraires.",
                    ]),
                ]),
                ("savoir", "Si vous ne trouvez pas de médecin traitant, vous pouvez saisir le conciliateur de votre CPAM, qui vous aide à en trouver un. Certaines consultations restent en accès direct : gynécologue, ophtalmologue, psychiatre (jusqu'à 25 ans), dentiste."),
            ]),
        ],
        qs=[
            ("Mon médecin part à la retraite, comment je déclare un nouveau médecin traitant ?",
             "Demandez au nouveau médecin, lors d'une consultation, s'il accepte d'être votre médecin traitant : il fait la déclaration en ligne avec votre carte Vitale, ou vous remplissez ensemble le formulaire cerfa n° 12485 à envoyer à la CPAM. Si vous ne trouvez pas de médecin, le conciliateur de votre CPAM peut vous aider."),
            ("Pourquoi j'ai été remboursé seulement 30 % de ma consultation ?",
             "Un remboursement à 30 % signifie que vous étiez hors parcours de soins, le plus souvent parce que vous n'avez pas déclaré de médecin traitant ou que vous avez consulté un autre médecin sans être orienté. Dans le parcours de soins, la consultation est remboursée à 70 %, moins une participation forfaitaire de 2 €."),
        ],
    ),
    dict(
        id="F90016", theme="santé", kind="info", structure="CPAM",
        title="Arrêt de travail pour maladie : démarches et indemnités journalières",
        desc="En cas d'arrêt maladie, vous devez transmettre l'avis d'arrêt de travail dans les 48 heures. L'Assurance maladie verse des indemnités journalières après un délai de carence de 3 jours.",
        source="Code de la sécurité sociale : articles L321-1, L323-1 et R323-1",
        intro="Le salarié en arrêt de travail pour maladie peut percevoir des indemnités journalières (IJ) de l'Assurance maladie, éventuellement complétées par l'employeur.",
        body=[
            ("Envoyer l'arrêt de travail", [
                "Le médecin transmet le plus souvent l'arrêt *en ligne*. S'il vous remet un formulaire papier, envoyez les volets 1 et 2 à votre CPAM et le volet 3 à votre employeur *dans les 48 heures*.",
                ("note", "En cas d'envoi tardif répété dans les 24 mois, les indemnités journalières peuvent être réduites de 50 %."),
            ]),
            ("Indemnités journalières", [
                "Il faut avoir travaillé au moins 150 heures au cours des 3 derniers mois, ou cotisé sur un salaire minimum au cours des 6 derniers mois.",
                ("ul", [
                    "un *délai de carence de 3 jours* s'applique : les indemnités sont versées à partir du 4e jour ;",
                    "l'indemnité est égale à 50 % du salaire journalier de base, dans la limite d'environ *41 € par jour* depuis avril 2025 ;",
                    "elle est versée tous les 14 jours environ.",
                ]),
                ("sc", "Complément de l'employeur", [
                    "Avec au moins un an d'ancienneté, l'employeur complète les indemnités pour maintenir 90 % puis 66 % du salaire brut, après un délai de carence de 7 jours, sauf accord plus favorable.",
                ]),
            ]),
        ],
        qs=[
            ("Le médecin m'a donné un arrêt papier vendredi, j'ai combien de temps pour l'envoyer ?",
             "Vous devez envoyer les volets 1 et 2 à votre CPAM et le volet 3 à votre employeur dans les 48 heures. En cas d'envois tardifs répétés, les indemnités journalières peuvent être réduites de moitié."),
            ("En arrêt maladie, la sécu paie à partir de quel jour ?",
             "L'Assurance maladie applique un délai de carence de 3 jours : les indemnités journalières sont versées à partir du 4e jour d'arrêt. Elles représentent 50 % du salaire journalier de base, dans la limite d'environ 41 € par jour depuis avril 2025, et l'employeur peut les compléter si vous avez au moins un an d'ancienneté."),
        ],
    ),
    dict(
        id="F90017", theme="santé", kind="qr", structure="CPAM",
        title="Comment obtenir la carte européenne d'assurance maladie (CEAM) ?",
        desc="Avant un séjour temporaire dans un pays de l'Union européenne, demandez votre carte européenne d'assurance maladie au moins 15 jours avant le départ.",
        source="Règlement (CE) n° 883/2004 portant sur la coordination des systèmes de sécurité sociale",
        intro="La carte européenne d'assurance maladie (CEAM) permet de faire prendre en charge les soins médicalement nécessaires lors d'un séjour temporaire à l'étranger (vacances, études, travail) dans l'Espace économique européen, en Suisse ou au Royaume-Uni.",
        body=[
            ("Demande", [
                "Commandez la carte depuis votre compte ameli ou l'application ameli, *au moins 15 jours avant le départ*. Elle est nominative et individuelle : chaque membre de la famille, y compris les enfants, doit avoir la sienne.",
                "La carte est valable *2 ans* et gratuite.",
                ("note", "Si vous partez dans moins de 15 jours, l'Assurance maladie vous délivre un certificat provisoire de remplacement, valable 3 mois, téléchargeable sur ameli."),
            ]),
            ("Sur place", [
                "Les soins sont pris en charge selon la législation et les tarifs du pays de séjour : vous pouvez avoir un reste à charge. Si vous avez dû avancer les frais, conservez les factures et demandez le remboursement à votre CPAM au retour avec le formulaire cerfa n° 12267.",
            ]),
        ],
        qs=[
            ("On part en Espagne cet été avec les enfants, il faut une carte pour la santé ?",
             "Oui, demandez une carte européenne d'assurance maladie pour chaque membre de la famille, enfants compris, depuis votre compte ameli, au moins 15 jours avant le départ. Elle est gratuite et valable 2 ans ; si le départ est plus proche, un certificat provisoire de remplacement peut être téléchargé."),
            ("J'ai payé un médecin en Italie pendant mes vacances, je peux être remboursé ?",
             "Oui, conservez les factures et demandez le remboursement à votre CPAM à votre retour, avec le formulaire cerfa n° 12267. Le remboursement se fait selon les règles du pays de séjour, si bien qu'une partie peut rester à votre charge."),
        ],
    ),
    dict(
        id="F90018", theme="santé", kind="info", structure="CPAM",
        title="Affection de longue durée (ALD) : prise en charge à 100 %",
        desc="Une affection de longue durée exonérante permet la prise en charge à 100 % des soins liés à la maladie, sur la base des tarifs de l'Assurance maladie.",
        source="Code de la sécurité sociale : articles L160-14 et D160-4",
        intro="Certaines maladies graves ou chroniques (diabète, cancer, insuffisance cardiaque, sclérose en plaques...) sont reconnues comme affections de longue durée (ALD).",
        body=[
            ("La démarche", [
                ("ol", [
                    "Votre *médecin traitant* établit un protocole de soins et l'envoie en ligne au médecin-conseil de l'Assurance maladie.",
                    "Le médecin-conseil donne son accord, en général en quelques semaines.",
                    "Vous signez le protocole lors d'une consultation et en recevez un exemplaire.",
                ]),
            ]),
            ("Ce qui est pris en charge", [
                "Les soins et traitements *en rapport avec l'ALD* sont remboursés à 100 % du tarif de la Sécurité sociale, sans ticket modérateur. Les autres soins sont remboursés normalement.",
                "Les dépassements d'honoraires, la participation forfaitaire de 2 € et les franchises médicales restent à votre charge.",
                ("savoir", "Les transports liés à l'ALD peuvent être remboursés sur prescription médicale, dans certaines conditions (incapacité ou déficience, transport vers un lieu éloigné...)."),
            ]),
        ],
        qs=[
            ("On vient de me diagnostiquer un diabète, est-ce que je vais être remboursé à 100 % ?",
             "Le diabète fait partie des affections de longue durée : votre médecin traitant peut établir un protocole de soins et l'envoyer au médecin-conseil de l'Assurance maladie. Après accord, les soins liés au diabète sont pris en charge à 100 % du tarif de la Sécurité sociale, mais pas les dépassements d'honoraires ni les franchises."),
            ("Je suis en ALD mais on me facture encore des choses chez le médecin, c'est normal ?",
             "Oui, c'est possible. L'ALD couvre à 100 % du tarif de la Sécurité sociale les soins en rapport avec la maladie, mais les dépassements d'honoraires, la participation forfaitaire de 2 € et les franchises médicales restent à votre charge ; les soins sans rapport avec l'ALD sont remboursés normalement."),
        ],
    ),
]
