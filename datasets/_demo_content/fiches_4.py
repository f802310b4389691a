"""Fiches F90055–F90072: énergie, étrangers, justice (syntax: see fiches_1.py)."""

FICHES = [
    # ------------------------------------------------------------------ énergie
    dict(
        id="F90055", theme="énergie", kind="info", structure="Service du chèque énergie",
        title="Chèque énergie",
        desc="Le chèque énergie aide les ménages aux revenus modestes à payer leurs factures d'énergie ou des travaux de rénovation énergétique. Son montant va de 48 € à 277 €.",
        source="Code de l'énergie : articles L124-1 à L124-4 et R124-1 à R124-16",
        intro="Le chèque énergie est attribué chaque année sous conditions de ressources, sans démarche dans la plupart des cas.",
        body=[
            ("Conditions et montant", [
                "Il est attribué aux ménages dont le *revenu fiscal de référence par unité de consommation* est inférieur à environ 11 000 € par an. Il faut avoir déposé une déclaration de revenus, même sans revenus.",
                ("table", "Montant du chèque énergie", ["Revenu fiscal de référence par unité de consommation", "Montant annuel"], [
                    ["Moins de 5 700 €", "de 194 € à 277 € selon la taille du foyer"],
                    ["De 5 700 € à 6 800 €", "de 146 € à 240 €"],
                    ["De 6 800 € à 7 850 €", "de 98 € à 176 €"],
                    ["De 7 850 € à 11 000 €", "de 48 € à 113 €"],
                ]),
            ]),
            ("Réception et utilisation", [
                "Le chèque est envoyé automatiquement par courrier à l'adresse connue des impôts. En 2025, l'envoi a eu lieu à l'automne et un *guichet en ligne* a été ouvert pour les ménages éligibles qui ne l'ont pas reçu, notamment après un déménagement.",
                ("ul", [
                    "il permet de payer une facture d'électricité, de gaz, de fioul, de bois ou de réseau de chaleur, ou les charges de chauffage en logement-foyer ;",
                    "il peut aussi financer des travaux de rénovation énergétique réalisés par un professionnel RGE ;",
                    "il est valable jusqu'au *31 mars* de l'année suivante.",
                ]),
                ("note", "Le chèque donne aussi droit à des protections : pas de frais en cas de rejet de paiement et pas de réduction de puissance pendant la [F90059|trêve hivernale]. Le chèque énergie ne se demande jamais par téléphone : méfiez-vous des démarchages."),
            ]),
        ],
        qs=[
            ("Je n'ai pas reçu mon chèque énergie cette année alors que je l'avais l'an dernier, j'ai déménagé en mars.",
             "Le chèque énergie est envoyé à l'adresse connue des impôts : après un déménagement, il peut ne pas avoir été émis. En 2025, un guichet en ligne a été ouvert pour les ménages éligibles qui ne l'ont pas reçu. Vérifiez aussi que vous avez bien déposé votre déclaration de revenus, condition pour en bénéficier."),
            ("Je peux payer ma facture de fioul avec le chèque énergie ?",
             "Oui, le chèque énergie permet de payer l'électricité, le gaz, le fioul, le bois ou un réseau de chaleur, et même des travaux de rénovation énergétique réalisés par un professionnel RGE. Il est valable jusqu'au 31 mars de l'année suivant son émission."),
            ("C'est combien le chèque énergie et qui y a droit ?",
             "Le chèque énergie va de 48 € à 277 € par an selon les revenus et la composition du foyer. Il est attribué automatiquement aux ménages dont le revenu fiscal de référence par unité de consommation est inférieur à environ 11 000 €, à condition d'avoir déposé une déclaration de revenus."),
        ],
    ),
    dict(
        id="F90056", theme="énergie", kind="info", structure="France Rénov'",
        title="MaPrimeRénov' : aide à la rénovation énergétique du logement",
        desc="MaPrimeRénov' finance des travaux de rénovation énergétique : isolation, chauffage, ventilation, ou une rénovation d'ampleur accompagnée. Le montant dépend des revenus du ménage.",
        source="Décret n° 2020-26 du 14 janvier 2020 relatif à la prime de transition énergétique",
        intro="MaPrimeRénov' est distribuée par l'Agence nationale de l'habitat (Anah). Le réseau France Rénov' conseille gratuitement les ménages.",
        body=[
            ("Conditions", [
                ("ul", [
                    "être propriétaire occupant ou bailleur, ou copropriété pour les travaux sur les parties communes ;",
                    "logement construit depuis *au moins 15 ans* et occupé à titre de résidence principale ;",
                    "travaux réalisés par une entreprise labellisée *RGE* (reconnue garante de l'environnement).",
                ]),
                "Les ménages sont classés en quatre catégories selon leurs revenus : très modestes (bleu), modestes (jaune), intermédiaires (violet) et supérieurs (rose). Le montant de l'aide en dépend.",
            ]),
            ("Deux parcours", [
                ("cas", [
                    ("Rénovation par geste", [
                        "Aide forfaitaire pour un équipement ou des travaux précis : pompe à chaleur, chaudière biomasse, isolation des murs... Elle est réservée aux ménages aux revenus très modestes à intermédiaires.",
                    ]),
                    ("Rénovation d'ampleur", [
                        "Bouquet de travaux permettant un gain d'au moins deux classes du [F90060|DPE], avec un accompagnement obligatoire par *Mon Accompagnateur Rénov'*. L'aide couvre un pourcentage des travaux, plus élevé pour les revenus modestes.",
                    ]),
                ]),
                ("note", "La demande doit être déposée *avant le début des travaux*, en ligne. Ne signez pas de devis définitif et ne versez pas d'acompte avant d'avoir déposé la demande."),
                ("savoir", "Un conseiller France Rénov' peut être joint gratuitement par téléphone ou dans un espace conseil près de chez vous : méfiez-vous des entreprises qui démarchent en se présentant comme partenaires de l'État."),
            ]),
        ],
        qs=[
            ("On veut changer notre vieille chaudière fioul pour une pompe à chaleur, est-ce qu'il y a une aide ?",
             "Oui, MaPrimeRénov' peut financer l'installation d'une pompe à chaleur dans un logement de plus de 15 ans, selon vos revenus, si les travaux sont faits par une entreprise RGE. La demande doit être déposée en ligne avant le début des travaux ; un conseiller France Rénov' peut vous accompagner gratuitement."),
            ("J'ai déjà signé le devis et commencé l'isolation, est-ce que je peux encore demander MaPrimeRénov' ?",
             "Non, la demande de MaPrimeRénov' doit être déposée avant le début des travaux : des travaux déjà commencés ne peuvent plus être aidés. Pour vos prochains projets, contactez d'abord un conseiller France Rénov' et ne signez pas de devis définitif avant le dépôt de la demande."),
            ("C'est quoi Mon Accompagnateur Rénov', c'est obligatoire ?",
             "Mon Accompagnateur Rénov' est un professionnel agréé qui vous accompagne de l'audit énergétique jusqu'à la fin du chantier. Il est obligatoire pour une rénovation d'ampleur financée par MaPrimeRénov', mais pas pour une aide par geste."),
        ],
    ),
    dict(
        id="F90057", theme="énergie", kind="qr", structure="Médiateur national de l'énergie",
        title="Comment changer de fournisseur d'électricité ou de gaz ?",
        desc="Changer de fournisseur d'électricité ou de gaz est gratuit, sans coupure et sans démarche auprès de l'ancien fournisseur.",
        source="Code de l'énergie : articles L224-1 à L224-17",
        intro="Depuis l'ouverture du marché de l'énergie, chaque consommateur peut choisir librement son fournisseur et changer à tout moment.",
        body=[
            ("La démarche", [
                ("ol", [
                    "Comparez les offres, par exemple avec le comparateur public et gratuit du Médiateur national de l'énergie.",
                    "Souscrivez le nouveau contrat en indiquant votre numéro de point de livraison (PDL ou PCE), figurant sur votre facture.",
                    "Le nouveau fournisseur s'occupe de *résilier l'ancien contrat* : vous recevez une facture de clôture.",
                ]),
                "Le changement est *gratuit* et se fait *sans coupure* ni intervention technique, en général en 21 jours au plus. Vous disposez d'un délai de rétractation de 14 jours en cas de souscription à distance ou de démarchage.",
            ]),
            ("Tarif réglementé", [
                ("note", "Pour l'électricité, vous pouvez revenir au tarif réglementé de vente (tarif bleu) à tout moment si vous êtes un particulier. Les tarifs réglementés du gaz ont été supprimés en juillet 2023."),
            ]),
        ],
        qs=[
            ("Je veux changer de fournisseur d'électricité, je dois résilier moi-même mon contrat actuel ?",
             "Non, c'est le nouveau fournisseur qui se charge de résilier l'ancien contrat lorsque vous souscrivez chez lui avec votre numéro de point de livraison. Le changement est gratuit, sans coupure ni intervention technique, et vous recevez une facture de clôture de l'ancien fournisseur."),
            ("Est-ce que je peux revenir au tarif bleu d'EDF si je ne suis pas content de mon nouveau fournisseur ?",
             "Oui, un particulier peut revenir au tarif réglementé de vente de l'électricité (tarif bleu) à tout moment, gratuitement et sans coupure. Pour le gaz, en revanche, les tarifs réglementés ont été supprimés en juillet 2023."),
        ],
    ),
    dict(
        id="F90058", theme="énergie", kind="info", structure="Médiateur national de l'énergie",
        title="Litige avec un fournisseur d'énergie : saisir le Médiateur national de l'énergie",
        desc="En cas de litige avec votre fournisseur ou votre gestionnaire de réseau (facture contestée, démarchage abusif, coupure), vous pouvez saisir gratuitement le Médiateur national de l'énergie.",
        source="Code de l'énergie : articles L122-1 à L122-5",
        intro="Le Médiateur national de l'énergie est une autorité publique indépendante qui aide à résoudre à l'amiable les litiges entre consommateurs et entreprises de l'énergie.",
        body=[
            ("Avant de saisir le médiateur", [
                "Adressez d'abord une *réclamation écrite* à votre fournisseur (courrier ou formulaire en ligne), en conservant une copie. Si vous n'avez pas de réponse satisfaisante dans un délai de *2 mois*, vous pouvez saisir le médiateur.",
            ]),
            ("Saisir le médiateur", [
                ("ul", [
                    "la saisine est *gratuite*, en ligne ou par courrier ;",
                    "elle doit intervenir dans un délai d'un an après la réclamation écrite ;",
                    "joignez la réclamation, la réponse du fournisseur et les factures concernées.",
                ]),
                "Le médiateur rend une recommandation dans un délai de 90 jours. Elle n'est pas obligatoire, mais elle est suivie dans la grande majorité des cas.",
                ("savoir", "Une facture de rattrapage d'électricité ou de gaz ne peut pas porter sur des consommations de plus de 14 mois, sauf fraude ou refus d'accès au compteur."),
            ]),
        ],
        qs=[
            ("Mon fournisseur de gaz m'envoie une facture de régularisation de 1 800 € sur 3 ans, je peux contester ?",
             "Oui, une facture de rattrapage ne peut pas porter sur plus de 14 mois de consommation, sauf fraude ou refus d'accès au compteur. Adressez une réclamation écrite au fournisseur ; sans réponse satisfaisante sous 2 mois, vous pouvez saisir gratuitement le Médiateur national de l'énergie."),
            ("J'ai fait une réclamation à mon fournisseur d'électricité il y a 3 mois, pas de réponse, je fais quoi ?",
             "Après 2 mois sans réponse satisfaisante à une réclamation écrite, vous pouvez saisir gratuitement le Médiateur national de l'énergie, en ligne ou par courrier, en joignant la réclamation et les factures. Il rend une recommandation dans un délai de 90 jours."),
        ],
    ),
    dict(
        id="F90059", theme="énergie", kind="qr", structure="Service du chèque énergie",
        title="Facture d'énergie impayée : risque-t-on une coupure ?",
        desc="En cas d'impayé, le fournisseur doit respecter une procédure avant toute coupure. Pendant la trêve hivernale, du 1er novembre au 31 mars, les coupures sont interdites dans la résidence principale.",
        source="Code de l'énergie : articles L115-3 et R124-1",
        intro="Des aides existent pour les ménages qui ne parviennent pas à payer leurs factures d'électricité ou de gaz.",
        body=[
            ("Procédure en cas d'impayé", [
                ("ol", [
                    "Le fournisseur envoie une première relance, puis une lettre de mise en demeure en vous informant que vous pouvez solliciter le fonds de solidarité pour le logement (FSL).",
                    "Sans paiement ni accord dans un délai de 20 jours (30 jours pour les bénéficiaires du chèque énergie), la fourniture peut être réduite ou suspendue, hors trêve hivernale.",
                ]),
            ]),
            ("Trêve hivernale", [
                "Du *1er novembre au 31 mars*, le fournisseur ne peut pas interrompre l'électricité ni le gaz de votre résidence principale. Une *réduction de puissance* de l'électricité reste possible, sauf pour les bénéficiaires du [F90055|chèque énergie].",
            ]),
            ("Les aides", [
                ("ul", [
                    "le *fonds de solidarité pour le logement* (FSL) du département, qui peut prendre en charge une partie des dettes d'énergie ;",
                    "le centre communal d'action sociale (CCAS) de votre mairie ;",
                    "un échéancier de paiement à négocier avec le fournisseur.",
                ]),
            ]),
        ],
        qs=[
            ("J'ai deux factures d'électricité impayées, est-ce qu'ils peuvent me couper en plein mois de janvier ?",
             "Non, pendant la trêve hivernale, du 1er novembre au 31 mars, le fournisseur ne peut pas couper l'électricité ni le gaz de votre résidence principale ; il peut seulement réduire la puissance de l'électricité, sauf si vous bénéficiez du chèque énergie. Contactez votre fournisseur pour un échéancier et sollicitez le FSL ou le CCAS."),
            ("Je n'arrive plus à payer mon gaz, qui peut m'aider ?",
             "Vous pouvez demander l'aide du fonds de solidarité pour le logement (FSL) de votre département, qui peut prendre en charge une partie des dettes d'énergie, et vous adresser au CCAS de votre mairie. Négociez aussi un échéancier avec votre fournisseur, avant que la procédure de coupure ne soit engagée."),
        ],
    ),
    dict(
        id="F90060", theme="énergie", kind="info", structure="France Rénov'",
        title="Diagnostic de performance énergétique (DPE)",
        desc="Le DPE classe un logement de A à G selon sa consommation d'énergie et ses émissions de gaz à effet de serre. Il est obligatoire pour vendre ou louer et il est valable 10 ans.",
        source="Code de la construction et de l'habitation : articles L126-26 à L126-33",
        intro="Le diagnostic de performance énergétique (DPE) informe l'acheteur ou le locataire sur la consommation d'énergie du logement.",
        body=[
            ("Quand le faire ?", [
                "Le DPE est réalisé par un diagnostiqueur certifié, aux frais du propriétaire. Il doit figurer dans l'annonce de vente ou de location et être remis au locataire ou à l'acheteur. Il est *valable 10 ans* (les DPE réalisés avant juillet 2021 ne sont plus valables).",
            ]),
            ("Conséquences pour la location", [
                ("table", "Calendrier d'interdiction de location des passoires thermiques", ["Étiquette DPE", "Interdit à la location (nouveaux baux)"], [
                    ["G", "depuis le 1er janvier 2025"],
                    ["F", "à partir du 1er janvier 2028"],
                    ["E", "à partir du 1er janvier 2034"],
                ]),
                "Les loyers des logements classés F et G ne peuvent plus être augmentés lors d'une relocation ou d'un renouvellement de bail.",
                ("note", "Un locataire dont le logement ne respecte pas ce niveau de performance peut demander au propriétaire une mise en conformité, comme pour tout [F90006|logement indécent]."),
            ]),
        ],
        qs=[
            ("Je suis propriétaire d'un studio classé G, j'ai le droit de le relouer ?",
             "Non, depuis le 1er janvier 2025, un logement classé G au DPE ne peut plus être loué avec un nouveau bail, car il n'est plus considéré comme décent. Les logements classés F seront concernés en 2028 et ceux classés E en 2034. Des aides comme MaPrimeRénov' peuvent financer les travaux."),
            ("Mon DPE date de 2019, il est encore valable pour vendre ?",
             "Non, les DPE réalisés avant juillet 2021 ne sont plus valables. Vous devez faire réaliser un nouveau DPE par un diagnostiqueur certifié ; il sera valable 10 ans et doit figurer dans l'annonce de vente."),
        ],
    ),
    # ------------------------------------------------------------------ étrangers
    dict(
        id="F90061", theme="étrangers", kind="qr", structure="Préfecture",
        title="Comment renouveler son titre de séjour ?",
        desc="La demande de renouvellement du titre de séjour se fait en ligne, entre 4 mois et 2 mois avant son expiration. Un timbre fiscal de 225 € est en général demandé.",
        source="Code de l'entrée et du séjour des étrangers et du droit d'asile : articles R431-5 et L436-1",
        intro="La plupart des titres de séjour se renouvellent sur l'Administration numérique pour les étrangers en France (ANEF).",
        body=[
            ("Quand faire la demande ?", [
                "La demande doit être déposée *entre le 120e et le 60e jour* avant l'expiration du titre. Une demande tardive peut entraîner une amende et une interruption de vos droits.",
            ]),
            ("Démarche", [
                ("ol", [
                    "Connectez-vous à l'ANEF et choisissez le titre correspondant à votre situation.",
                    "Téléversez les justificatifs (passeport, justificatif de domicile, photo, pièces liées au motif du séjour).",
                    "Payez le *timbre fiscal de 225 €* (200 € de taxe et 25 € de droit de timbre) au moment de la remise du titre.",
                ]),
                "Une fois le dossier complet, vous pouvez télécharger une [F90062|attestation de prolongation d'instruction] si l'instruction n'est pas terminée à l'expiration du titre.",
                ("savoir", "Les points d'accueil numérique des préfectures et les espaces France services peuvent vous aider à faire la demande en ligne."),
            ]),
        ],
        qs=[
            ("Ma carte de séjour expire en juin, quand est-ce que je dois demander le renouvellement ?",
             "Déposez la demande en ligne sur l'ANEF entre le 120e et le 60e jour avant l'expiration, soit entre début février et début avril pour un titre expirant en juin. Une demande tardive peut entraîner une amende et une interruption de vos droits."),
            ("Combien coûte le renouvellement d'une carte de séjour ?",
             "Le renouvellement coûte en général 225 € en timbre fiscal (200 € de taxe et 25 € de droit de timbre), payé au moment de la remise du titre. Certaines catégories, comme les réfugiés, en sont exonérées."),
        ],
    ),
    dict(
        id="F90062", theme="étrangers", kind="info", structure="Préfecture",
        title="Attestation de prolongation d'instruction et récépissé",
        desc="Pendant l'examen de votre demande de titre de séjour, une attestation de prolongation d'instruction ou un récépissé prouve la régularité de votre séjour.",
        source="Code de l'entrée et du séjour des étrangers et du droit d'asile : articles R431-12 à R431-15-2",
        intro="Si votre titre expire avant la décision de la préfecture, vous n'êtes pas en situation irrégulière dès lors que vous avez déposé la demande à temps.",
        body=[
            ("L'attestation de prolongation d'instruction", [
                "Pour les demandes déposées sur l'ANEF, une *attestation de prolongation d'instruction* est téléchargeable dans votre espace. Elle est valable 3 mois et renouvelée tant que la demande est en cours.",
                ("ul", [
                    "elle maintient vos droits : travail, prestations de la Caf, inscription à France Travail, Assurance maladie ;",
                    "elle permet de revenir en France après un voyage si elle est accompagnée du titre expiré ;",
                    "elle peut être présentée à l'employeur et aux organismes sociaux.",
                ]),
            ]),
            ("Le récépissé", [
                "Pour les demandes déposées au guichet de la préfecture, un *récépissé* de demande de titre de séjour est remis, avec les mêmes effets.",
                ("note", "Si l'attestation n'est pas disponible dans votre espace ANEF à l'expiration de votre titre, signalez-le par le formulaire de contact de l'ANEF ou au point d'accueil de la préfecture."),
            ]),
        ],
        qs=[
            ("Mon titre de séjour a expiré la semaine dernière et la préfecture n'a pas encore répondu, la CAF peut-elle suspendre mes droits ?",
             "Si vous avez déposé votre demande à temps, vous pouvez télécharger une attestation de prolongation d'instruction dans votre espace ANEF. Elle est valable 3 mois, renouvelée tant que la demande est en cours, et maintient vos droits, notamment aux prestations de la Caf : transmettez-la à la Caf."),
            ("Avec une attestation de prolongation d'instruction, est-ce que je peux continuer à travailler ?",
             "Oui, l'attestation de prolongation d'instruction maintient les droits attachés à votre titre, y compris le droit de travailler ; vous pouvez la présenter à votre employeur. Elle est valable 3 mois et renouvelée tant que la demande est en cours d'instruction."),
        ],
    ),
    dict(
        id="F90063", theme="étrangers", kind="info", structure="Préfecture",
        title="Naturalisation française par décret",
        desc="Un étranger résidant en France depuis au moins 5 ans peut demander la nationalité française par naturalisation, sous conditions d'intégration et de langue.",
        source="Code civil : articles 21-15 à 21-25-1",
        intro="La naturalisation permet d'obtenir la nationalité française. C'est une décision de l'État, qui n'est jamais un droit : l'administration apprécie l'ensemble du parcours du demandeur.",
        body=[
            ("Conditions", [
                ("ul", [
                    "résider en France de manière habituelle depuis *5 ans* (2 ans après un master obtenu en France) ;",
                    "avoir des ressources stables et suffisantes, en principe issues d'une activité professionnelle ;",
                    "justifier d'un niveau de français *B1* à l'oral et à l'écrit (B2 à partir de 2026) ;",
                    "connaître l'histoire, la culture et la société françaises et adhérer aux valeurs de la République.",
                ]),
            ]),
            ("Procédure", [
                "La demande se fait *en ligne* sur l'ANEF. Un timbre fiscal de *55 €* est demandé. Un entretien individuel d'assimilation a lieu en préfecture.",
                "L'administration dispose de *18 mois* pour se prononcer (12 mois pour certains demandeurs résidant en France depuis 10 ans). La décision est publiée au Journal officiel et une cérémonie d'accueil est organisée.",
                ("note", "Un refus peut faire l'objet d'un recours administratif auprès du ministre de l'intérieur dans les 2 mois."),
            ]),
        ],
        qs=[
            ("Je vis en France depuis 6 ans avec un CDI, je peux demander la nationalité française ?",
             "Oui, vous pouvez demander la naturalisation si vous résidez habituellement en France depuis au moins 5 ans, avec des ressources stables, un niveau de français B1 (B2 à partir de 2026) et une bonne intégration. La demande se fait en ligne sur l'ANEF avec un timbre fiscal de 55 €, puis un entretien a lieu en préfecture."),
            ("Ça fait 14 mois que j'ai déposé ma demande de naturalisation, c'est normal d'attendre autant ?",
             "Oui, l'administration dispose en principe de 18 mois pour se prononcer sur une demande de naturalisation (12 mois dans certains cas). Vous pouvez suivre l'avancement dans votre espace ANEF ; la décision favorable est publiée au Journal officiel."),
        ],
    ),
    dict(
        id="F90064", theme="étrangers", kind="qr", structure="OFII",
        title="Comment faire venir sa famille en France (regroupement familial) ?",
        desc="Un étranger en séjour régulier depuis au moins 18 mois peut demander à être rejoint par son conjoint et ses enfants mineurs, sous conditions de ressources et de logement.",
        source="Code de l'entrée et du séjour des étrangers et du droit d'asile : articles L434-1 à L434-12",
        intro="Le regroupement familial concerne les ressortissants de pays hors Union européenne. La demande est déposée par la personne qui réside en France.",
        body=[
            ("Conditions", [
                ("ul", [
                    "séjourner régulièrement en France depuis au moins *18 mois* (12 mois pour les Algériens) ;",
                    "disposer de ressources stables au moins égales au *Smic* en moyenne sur les 12 derniers mois, davantage pour les familles nombreuses ;",
                    "disposer d'un logement d'une surface suffisante pour la famille (environ 22 m² pour un couple en zone très tendue, plus 10 m² par personne supplémentaire) ;",
                    "les membres de la famille doivent résider hors de France.",
                ]),
            ]),
            ("Procédure", [
                "La demande est déposée en ligne ou auprès de l'*OFII*. La mairie vérifie le logement et les ressources. Le préfet décide dans un délai de *6 mois*.",
                "Après l'accord, la famille demande un visa au consulat, puis signe un [F90065|contrat d'intégration républicaine] à son arrivée.",
            ]),
        ],
        qs=[
            ("Je suis en France depuis 2 ans avec une carte de séjour, comment faire venir ma femme et mes deux enfants ?",
             "Vous pouvez demander le regroupement familial auprès de l'OFII, puisque vous séjournez régulièrement en France depuis plus de 18 mois. Il faut des ressources stables au moins égales au Smic sur les 12 derniers mois et un logement adapté à la taille de la famille. Le préfet décide dans un délai de 6 mois ; votre famille demandera ensuite un visa au consulat."),
            ("Pour le regroupement familial, il faut gagner combien ?",
             "Vos ressources stables doivent être au moins égales au Smic en moyenne sur les 12 derniers mois, et davantage pour une famille de 6 personnes ou plus. Les prestations familiales et certaines aides sociales ne sont pas prises en compte."),
        ],
    ),
    dict(
        id="F90065", theme="étrangers", kind="info", structure="OFII",
        title="Contrat d'intégration républicaine (CIR)",
        desc="Le contrat d'intégration républicaine est signé par les étrangers admis pour la première fois au séjour qui souhaitent s'installer durablement en France. Il comprend une formation civique et, si besoin, des cours de français.",
        source="Code de l'entrée et du séjour des étrangers et du droit d'asile : articles L413-2 à L413-7",
        intro="Le contrat d'intégration républicaine (CIR) est conclu entre l'État, représenté par l'Office français de l'immigration et de l'intégration (OFII), et l'étranger.",
        body=[
            ("Le parcours", [
                ("ol", [
                    "Un entretien personnalisé à l'OFII et un test de français.",
                    "Une *formation civique* obligatoire sur les valeurs de la République, la santé, l'emploi, la parentalité et le logement.",
                    "Si nécessaire, une *formation linguistique* gratuite pouvant aller jusqu'à 600 heures.",
                    "Un entretien de fin de contrat, avec une orientation vers les services de l'emploi.",
                ]),
            ]),
            ("Obligations", [
                "La formation est gratuite. L'*assiduité* est obligatoire : elle est prise en compte pour la délivrance d'une carte de séjour pluriannuelle.",
                ("note", "Les formations peuvent être suivies en journée ou le soir, et certaines sessions sont proposées à distance."),
            ]),
        ],
        qs=[
            ("L'OFII m'a convoqué pour signer un contrat d'intégration, c'est obligatoire de faire les formations ?",
             "Oui, les formations prévues par le contrat d'intégration républicaine sont obligatoires et gratuites : la formation civique et, si votre niveau le nécessite, les cours de français. L'assiduité est prise en compte pour obtenir ensuite une carte de séjour pluriannuelle."),
            ("Combien d'heures de cours de français l'OFII peut donner ?",
             "Dans le cadre du contrat d'intégration républicaine, la formation linguistique gratuite peut aller jusqu'à 600 heures, selon le résultat du test de français passé à l'OFII."),
        ],
    ),
    dict(
        id="F90066", theme="étrangers", kind="qr", structure="ANTS",
        title="Comment échanger un permis de conduire étranger contre un permis français ?",
        desc="Le titulaire d'un permis délivré hors de l'Union européenne qui s'installe en France doit l'échanger dans l'année suivant l'acquisition de sa résidence normale, si le pays a un accord de réciprocité.",
        source="Arrêté du 12 janvier 2012 fixant les conditions de reconnaissance et d'échange des permis de conduire délivrés par les États n'appartenant pas à l'Union européenne",
        intro="Un permis étranger hors Union européenne n'est reconnu en France que pendant un an après l'installation. Après, il faut un permis français.",
        body=[
            ("Conditions", [
                ("ul", [
                    "le pays de délivrance pratique l'*échange réciproque* des permis avec la France ;",
                    "la demande est faite *dans l'année* qui suit la date de début de validité du premier titre de séjour ;",
                    "le permis est valide et a été obtenu avant l'installation en France.",
                ]),
            ]),
            ("Démarche", [
                "La demande se fait *en ligne* sur le site de l'ANTS, avec le permis étranger, sa traduction officielle si nécessaire, le titre de séjour et une photo numérique. Le permis étranger est envoyé par courrier pour être authentifié.",
                ("savoir", "Les permis délivrés dans un pays de l'Union européenne ou de l'Espace économique européen restent valables en France ; leur échange n'est obligatoire qu'en cas d'infraction entraînant un retrait de points."),
            ]),
        ],
        qs=[
            ("Je suis arrivé du Maroc il y a 8 mois avec mon permis marocain, je dois le changer ?",
             "Oui, un permis délivré hors Union européenne n'est reconnu qu'un an après l'installation. Le Maroc pratique l'échange réciproque : faites la demande en ligne sur le site de l'ANTS dans l'année suivant le début de validité de votre premier titre de séjour, avec le permis, sa traduction si besoin, votre titre de séjour et une photo numérique."),
            ("Mon permis est italien, est-ce que je dois l'échanger maintenant que j'habite en France ?",
             "Non, un permis délivré dans un pays de l'Union européenne reste valable en France. Son échange n'est obligatoire qu'en cas d'infraction entraînant un retrait de points."),
        ],
    ),
    # ------------------------------------------------------------------ justice
    dict(
        id="F90067", theme="justice", kind="info", structure="Tribunal judiciaire",
        title="Aide juridictionnelle",
        desc="L'aide juridictionnelle permet aux personnes aux ressources modestes de bénéficier d'une prise en charge totale ou partielle des frais de justice et d'avocat.",
        source="Loi n° 91-647 du 10 juillet 1991 relative à l'aide juridique",
        intro="L'aide juridictionnelle (AJ) est accordée pour un procès ou une procédure amiable (divorce, litige avec un employeur ou un propriétaire, procès pénal...), en demande comme en défense. Elle prend en charge les honoraires d'avocat.",
        body=[
            ("Conditions de ressources", [
                ("table", "Plafonds indicatifs pour une personne seule (revenu fiscal de référence annuel)", ["Aide", "Plafond approximatif"], [
                    ["Aide totale", "environ 13 000 €"],
                    ["Aide partielle (55 %)", "environ 15 400 €"],
                    ["Aide partielle (25 %)", "environ 19 500 €"],
                ]),
                "Les plafonds sont majorés pour les personnes à charge. Les bénéficiaires du RSA, de l'Aspa et certains autres publics n'ont pas à justifier de leurs ressources.",
            ]),
            ("Demande", [
                "La demande se fait *en ligne* ou avec le formulaire cerfa n° 16146, déposé au bureau d'aide juridictionnelle du tribunal judiciaire de votre domicile ou de celui qui juge l'affaire.",
                "Vous pouvez choisir votre avocat, qui doit accepter l'aide juridictionnelle, ou en demander la désignation par le bâtonnier.",
                ("note", "Si vous avez une assurance de protection juridique (souvent incluse dans l'assurance habitation), elle doit être sollicitée en priorité."),
            ]),
        ],
        qs=[
            ("Je dois divorcer mais je n'ai pas les moyens de payer un avocat, qu'est-ce que je peux faire ?",
             "Vous pouvez demander l'aide juridictionnelle, qui prend en charge tout ou partie des frais d'avocat selon vos ressources : aide totale jusqu'à environ 13 000 € de revenu fiscal de référence pour une personne seule. La demande se fait en ligne ou avec le formulaire cerfa n° 16146 auprès du bureau d'aide juridictionnelle du tribunal judiciaire."),
            ("Je touche le RSA, est-ce que je dois fournir mes revenus pour l'aide juridictionnelle ?",
             "Non, les bénéficiaires du RSA n'ont pas à justifier de leurs ressources pour obtenir l'aide juridictionnelle. Déposez la demande en ligne ou avec le formulaire cerfa n° 16146 ; vérifiez aussi si vous avez une assurance de protection juridique, à solliciter en priorité."),
        ],
    ),
    dict(
        id="F90068", theme="justice", kind="qr", structure="Casier judiciaire national",
        title="Comment obtenir un extrait de casier judiciaire (bulletin n° 3) ?",
        desc="Le bulletin n° 3 du casier judiciaire se demande gratuitement en ligne auprès du Casier judiciaire national. Il est souvent demandé par un employeur.",
        source="Code de procédure pénale : articles 777 et 777-2",
        intro="Le bulletin n° 3 est le seul extrait du casier judiciaire que vous pouvez obtenir vous-même. Il ne mentionne que les condamnations les plus graves.",
        body=[
            ("Demande", [
                ("cas", [
                    ("Vous êtes né en France", [
                        "Faites la demande en ligne sur le site du Casier judiciaire national : le bulletin est souvent disponible *en quelques minutes* par courriel sécurisé, sinon il est envoyé par courrier.",
                    ]),
                    ("Vous êtes né à l'étranger", [
                        "La demande en ligne est aussi possible ; joignez une copie de votre pièce d'identité. La réponse arrive par courrier.",
                    ]),
                ]),
                "La demande est *gratuite*. Elle peut aussi se faire par courrier adressé au Casier judiciaire national, à Nantes.",
                ("savoir", "Un bulletin « néant » signifie qu'aucune condamnation ne figure au bulletin n° 3. Les bulletins n° 1 et n° 2 ne sont délivrés qu'aux autorités judiciaires et à certaines administrations."),
            ]),
        ],
        qs=[
            ("Mon futur employeur me demande un extrait de casier judiciaire, je le demande où ?",
             "Demandez le bulletin n° 3 en ligne sur le site du Casier judiciaire national : la démarche est gratuite et le bulletin est souvent disponible en quelques minutes par courriel sécurisé. Vous pouvez aussi écrire au Casier judiciaire national à Nantes."),
            ("Un site me fait payer 19 € pour un extrait de casier, c'est normal ?",
             "Non, la demande de bulletin n° 3 du casier judiciaire est gratuite sur le site officiel du Casier judiciaire national ou par courrier. Les sites qui font payer ce service ne sont pas officiels."),
        ],
    ),
    dict(
        id="F90069", theme="justice", kind="info", structure="Tribunal judiciaire",
        title="Porter plainte",
        desc="Vous pouvez porter plainte au commissariat, à la gendarmerie ou par courrier au procureur de la République. Une pré-plainte en ligne permet de gagner du temps pour certaines infractions.",
        source="Code de procédure pénale : articles 15-3 et 40",
        intro="Porter plainte permet de signaler une infraction dont vous êtes victime à la justice, qui décide des suites à donner.",
        body=[
            ("Où porter plainte ?", [
                ("ul", [
                    "dans n'importe quel *commissariat* ou brigade de *gendarmerie* : les services sont tenus d'enregistrer votre plainte ;",
                    "par une *pré-plainte en ligne* pour les atteintes aux biens dont l'auteur est inconnu (vol, dégradation, escroquerie), suivie d'un rendez-vous pour signer ;",
                    "par *lettre au procureur de la République* du tribunal judiciaire du lieu de l'infraction ou du domicile de l'auteur.",
                ]),
                "Pour les escroqueries en ligne sur internet, la plainte en ligne est possible via la plateforme dédiée du ministère de l'intérieur.",
            ]),
            ("Délais de prescription", [
                ("table", "Délais pour porter plainte", ["Infraction", "Délai"], [
                    ["Contravention", "1 an"],
                    ["Délit (vol, escroquerie, violences)", "6 ans"],
                    ["Crime", "20 ans"],
                ]),
                ("note", "Des délais plus longs s'appliquent notamment aux crimes sexuels commis sur des mineurs. Vous pouvez vous faire accompagner gratuitement par une association d'aide aux victimes (numéro 116 006)."),
            ]),
        ],
        qs=[
            ("On m'a arnaqué sur un site de vente entre particuliers, je peux porter plainte en ligne ?",
             "Oui, pour une escroquerie dont l'auteur est inconnu, vous pouvez faire une pré-plainte en ligne, puis signer votre plainte lors d'un rendez-vous, ou porter plainte dans n'importe quel commissariat ou gendarmerie. Vous pouvez aussi écrire au procureur de la République ; le délai pour un délit comme l'escroquerie est de 6 ans."),
            ("Le commissariat peut-il refuser de prendre ma plainte ?",
             "Non, les services de police et de gendarmerie sont tenus d'enregistrer votre plainte, quel que soit le lieu de l'infraction. En cas de difficulté, vous pouvez aussi porter plainte directement par lettre au procureur de la République."),
        ],
    ),
    dict(
        id="F90070", theme="justice", kind="qr", structure="Point-justice",
        title="Comment saisir un conciliateur de justice ?",
        desc="Le conciliateur de justice aide gratuitement à régler à l'amiable un litige de la vie quotidienne : voisinage, logement, consommation, petites dettes.",
        source="Décret n° 78-381 du 20 mars 1978 relatif aux conciliateurs de justice ; Code de procédure civile : article 750-1",
        intro="Le conciliateur de justice est un bénévole nommé par la cour d'appel. Il est tenu à la confidentialité et son intervention est gratuite.",
        body=[
            ("Pour quels litiges ?", [
                ("ul", [
                    "conflits de voisinage (bruit, haies, bornage) ;",
                    "différends entre locataire et propriétaire (dépôt de garantie, réparations) ;",
                    "litiges de consommation, impayés, malfaçons.",
                ]),
                "Pour un litige portant sur moins de *5 000 €* ou un trouble de voisinage, une tentative de conciliation ou de médiation est *obligatoire* avant de saisir le tribunal, sauf exceptions.",
            ]),
            ("Saisir le conciliateur", [
                "Vous pouvez le contacter en mairie, au tribunal, dans un point-justice ou *en ligne*. Il convoque les parties ; en cas d'accord, un constat d'accord est signé et peut être rendu exécutoire par le juge.",
                ("note", "Le conciliateur ne peut pas intervenir dans les litiges avec l'administration ni en matière d'état des personnes (divorce, autorité parentale)."),
            ]),
        ],
        qs=[
            ("Mon voisin fait du bruit tous les soirs et refuse de discuter, est-ce qu'il y a une solution avant d'aller au tribunal ?",
             "Vous pouvez saisir gratuitement un conciliateur de justice, en mairie, au tribunal, dans un point-justice ou en ligne. Pour un trouble de voisinage, cette tentative de règlement amiable est d'ailleurs en principe obligatoire avant de saisir le tribunal. En cas d'accord, un constat signé peut être rendu exécutoire par le juge."),
            ("Un garagiste me doit 800 € pour une réparation mal faite, je dois forcément passer par un conciliateur ?",
             "Pour un litige de moins de 5 000 €, une tentative de conciliation ou de médiation est en principe obligatoire avant de saisir le tribunal. Le conciliateur de justice est gratuit et peut être saisi en mairie, au tribunal, dans un point-justice ou en ligne."),
        ],
    ),
    dict(
        id="F90071", theme="justice", kind="info", structure="Tribunal judiciaire",
        title="Tutelle, curatelle : demander une mesure de protection pour un proche",
        desc="Une personne dont les facultés sont altérées peut être protégée par une mesure de sauvegarde de justice, de curatelle ou de tutelle, prononcée par le juge des contentieux de la protection.",
        source="Code civil : articles 425 à 495-9",
        intro="La mesure de protection juridique doit être nécessaire et proportionnée à l'état de la personne. Elle est révisée régulièrement.",
        body=[
            ("Les différentes mesures", [
                ("ul", [
                    "*sauvegarde de justice* : mesure temporaire et légère ;",
                    "*curatelle* : la personne agit seule pour les actes courants mais doit être assistée pour les actes importants ;",
                    "*tutelle* : la personne est représentée de manière continue dans les actes de la vie civile.",
                ]),
                "L'*habilitation familiale* permet aussi à un proche de représenter la personne, avec un contrôle plus souple du juge.",
            ]),
            ("La demande", [
                ("ol", [
                    "Faites établir un *certificat médical circonstancié* par un médecin inscrit sur la liste du procureur de la République ; il coûte environ 160 € et n'est pas remboursé.",
                    "Remplissez la requête (cerfa n° 15891) et adressez-la au juge des contentieux de la protection du tribunal judiciaire du domicile de la personne.",
                    "Le juge entend la personne, puis désigne de préférence un membre de la famille, ou à défaut un mandataire judiciaire.",
                ]),
            ]),
        ],
        qs=[
            ("Ma mère a Alzheimer et ne peut plus gérer ses comptes, comment la mettre sous tutelle ?",
             "Faites d'abord établir un certificat médical circonstancié par un médecin inscrit sur la liste du procureur (environ 160 €, non remboursé). Adressez ensuite une requête (cerfa n° 15891) au juge des contentieux de la protection du tribunal judiciaire de son domicile ; le juge l'entendra et désignera de préférence un membre de la famille."),
            ("C'est quoi la différence entre curatelle et tutelle ?",
             "En curatelle, la personne agit seule pour les actes courants mais doit être assistée pour les actes importants ; en tutelle, elle est représentée de manière continue dans les actes de la vie civile. Les deux sont prononcées par le juge des contentieux de la protection."),
        ],
    ),
    dict(
        id="F90072", theme="justice", kind="info", structure="Point-justice",
        title="Point-justice : obtenir une information juridique gratuite",
        desc="Les points-justice offrent gratuitement des informations et des consultations juridiques avec des avocats, notaires ou juristes, près de chez vous.",
        source="Loi n° 91-647 du 10 juillet 1991 relative à l'aide juridique : articles 53 et suivants",
        intro="Le réseau des points-justice (anciennement maisons de justice et du droit et points d'accès au droit) est animé par les conseils départementaux de l'accès au droit (CDAD).",
        body=[
            ("Ce qu'on y trouve", [
                ("ul", [
                    "des consultations gratuites et confidentielles avec un avocat, un notaire ou un commissaire de justice ;",
                    "une aide pour remplir une demande d'[F90067|aide juridictionnelle] ;",
                    "des permanences de conciliateurs de justice, de médiateurs et d'associations d'aide aux victimes.",
                ]),
            ]),
            ("Trouver un point-justice", [
                "Un annuaire en ligne recense les points-justice. Vous pouvez aussi appeler le *30 39*, numéro gratuit, pour être orienté vers le point-justice le plus proche.",
                ("note", "Les espaces France services peuvent également vous orienter et vous aider à préparer vos démarches juridiques."),
            ]),
        ],
        qs=[
            ("Je voudrais un conseil d'avocat gratuit pour un problème avec mon employeur, ça existe ?",
             "Oui, les points-justice proposent des consultations gratuites et confidentielles avec des avocats, notaires ou juristes. Appelez le 30 39, numéro gratuit, ou consultez l'annuaire en ligne pour trouver le point-justice le plus proche."),
            ("C'est quoi le 3039 ?",
             "Le 30 39 est un numéro gratuit qui vous oriente vers le point-justice le plus proche, où vous pouvez obtenir gratuitement une information juridique et des consultations avec des professionnels du droit."),
        ],
    ),
]
