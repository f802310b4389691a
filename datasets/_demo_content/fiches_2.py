"""Fiches F90019–F90036: retraite, emploi, papiers d'identité (syntax: see fiches_1.py)."""

FICHES = [
    # ------------------------------------------------------------------ retraite
    dict(
        id="F90019", theme="retraite", kind="qr", structure="Assurance retraite",
        title="Comment demander sa retraite de base ?",
        desc="La demande de retraite se fait en ligne, en une seule fois pour tous vos régimes, 4 à 6 mois avant la date de départ souhaitée.",
        source="Code de la sécurité sociale : articles L161-17 et L351-1",
        intro="La retraite n'est pas versée automatiquement : vous devez en faire la demande. Un service en ligne commun à tous les régimes permet de tout faire en une fois.",
        body=[
            ("À quel âge ?", [
                "L'âge légal de départ dépend de votre année de naissance : il est compris entre *62 et 64 ans*. Pour partir avec une retraite à taux plein, il faut en plus avoir le nombre de trimestres requis pour votre génération, ou attendre l'âge d'annulation de la décote (67 ans).",
                "Des départs anticipés existent pour carrière longue, handicap ou incapacité permanente.",
            ]),
            ("La demande unique de retraite", [
                ("ol", [
                    "Connectez-vous à votre espace sur le portail commun des régimes de retraite, avec FranceConnect.",
                    "Vérifiez votre [F90020|relevé de carrière] et signalez les éventuelles anomalies.",
                    "Choisissez la date de départ et déposez la *demande unique* : elle est transmise à tous vos régimes de base et complémentaires.",
                    "Téléversez les pièces demandées (relevé d'identité bancaire, avis d'imposition...).",
                ]),
                ("note", "Déposez votre demande *4 à 6 mois avant* la date de départ souhaitée. La retraite est versée à terme échu : la pension d'un mois est payée au début du mois suivant."),
            ]),
        ],
        qs=[
            ("Je compte partir à la retraite en septembre prochain, quand et comment je dois faire la demande ?",
             "Déposez votre demande 4 à 6 mois avant la date de départ souhaitée, soit au printemps pour un départ en septembre. La demande unique se fait en ligne sur le portail commun des régimes de retraite, avec FranceConnect : elle est transmise à tous vos régimes de base et complémentaires. Vérifiez auparavant votre relevé de carrière."),
            ("Est-ce que la retraite est versée automatiquement quand on atteint l'âge ?",
             "Non, la retraite n'est jamais versée automatiquement : il faut en faire la demande, de préférence 4 à 6 mois avant la date de départ, avec la demande unique en ligne commune à tous les régimes. L'âge légal dépend de votre année de naissance, entre 62 et 64 ans."),
        ],
    ),
    dict(
        id="F90020", theme="retraite", kind="qr", structure="Assurance retraite",
        title="Comment faire corriger son relevé de carrière ?",
        desc="Votre relevé de carrière récapitule les trimestres et les revenus enregistrés par vos régimes de retraite. En cas d'erreur ou d'oubli, vous pouvez demander une correction en ligne.",
        source="Code de la sécurité sociale : article L161-17",
        intro="Le relevé de carrière sert de base au calcul de votre retraite. Il est conseillé de le vérifier bien avant le départ, dès 55 ans au plus tard.",
        body=[
            ("Consulter le relevé", [
                "Le relevé est disponible dans votre espace personnel sur le portail commun des régimes de retraite. Vérifiez en particulier les périodes de chômage, de maladie, de service militaire, d'emplois à l'étranger et les petits boulots.",
            ]),
            ("Demander une correction", [
                "Le service en ligne *« Corriger ma carrière »* permet de signaler les anomalies et de joindre les justificatifs, quel que soit le régime concerné.",
                ("ul", [
                    "bulletins de salaire, contrats de travail ou certificats de travail ;",
                    "attestations de France Travail pour le chômage indemnisé ;",
                    "état signalétique des services pour le service militaire.",
                ]),
                ("savoir", "À partir de 55 ans, vous recevez automatiquement une estimation indicative globale de votre retraite, tous les 5 ans. Plus la carrière est corrigée tôt, plus le traitement de la demande de retraite est rapide."),
            ]),
        ],
        qs=[
            ("Il me manque deux années de boulot sur mon relevé de carrière, je fais comment pour les ajouter ?",
             "Utilisez le service en ligne « Corriger ma carrière » dans votre espace retraite et joignez des justificatifs de ces années : bulletins de salaire, contrats ou certificats de travail. La correction peut être demandée pour tous les régimes au même endroit ; il vaut mieux la faire bien avant la demande de retraite."),
            ("Mes périodes de chômage comptent-elles pour la retraite ? Elles n'apparaissent pas sur mon relevé.",
             "Les périodes de chômage indemnisé permettent en principe de valider des trimestres. Si elles n'apparaissent pas sur votre relevé de carrière, signalez-le avec le service « Corriger ma carrière » en joignant les attestations de France Travail."),
        ],
    ),
    dict(
        id="F90021", theme="retraite", kind="info", structure="Assurance retraite",
        title="Pension de réversion du régime général",
        desc="Au décès de votre époux ou épouse, vous pouvez percevoir une partie de sa retraite, sous conditions d'âge et de ressources.",
        source="Code de la sécurité sociale : articles L353-1 et D353-1",
        intro="La pension de réversion correspond à une partie de la retraite dont bénéficiait ou aurait pu bénéficier la personne décédée. Elle n'est pas versée automatiquement.",
        body=[
            ("Conditions", [
                ("ul", [
                    "avoir été *marié* avec l'assuré décédé (le Pacs et le concubinage n'ouvrent pas droit à la réversion) ;",
                    "avoir au moins *55 ans* ;",
                    "ne pas dépasser un plafond de ressources d'environ *24 700 € par an* pour une personne seule (environ 39 500 € si vous vivez en couple).",
                ]),
                "Le remariage ne fait pas perdre la pension de réversion du régime général, mais les ressources du nouveau couple sont prises en compte.",
            ]),
            ("Montant et demande", [
                "La pension de réversion du régime général est égale à *54 %* de la retraite de base du conjoint décédé. Elle est partagée entre les ex-conjoints au prorata de la durée de chaque mariage.",
                "La demande se fait en ligne avec le service *« Demander ma réversion »*, une seule fois pour tous les régimes. La réversion des régimes complémentaires (Agirc-Arrco) obéit à d'autres règles : elle est sans condition de ressources, à 60 % des points, à partir de 55 ans.",
            ]),
        ],
        qs=[
            ("Mon mari est décédé en mars, il était à la retraite. Est-ce que j'ai droit à une partie de sa pension ? J'ai 67 ans.",
             "Oui, vous pouvez demander une pension de réversion : elle est ouverte au conjoint marié d'au moins 55 ans dont les ressources ne dépassent pas environ 24 700 € par an pour une personne seule. Au régime général, elle représente 54 % de la retraite de base de votre mari. La demande n'est pas automatique : faites-la en ligne avec le service « Demander ma réversion »."),
            ("On était pacsés depuis 15 ans, j'ai droit à la réversion de mon compagnon ?",
             "Non, la pension de réversion est réservée aux personnes qui étaient mariées avec l'assuré décédé : le Pacs et le concubinage n'y ouvrent pas droit, quelle que soit la durée de la vie commune."),
        ],
    ),
    dict(
        id="F90022", theme="retraite", kind="info", structure="Assurance retraite",
        title="Allocation de solidarité aux personnes âgées (Aspa)",
        desc="L'Aspa, ou minimum vieillesse, complète les revenus des retraités aux ressources faibles à partir de 65 ans.",
        source="Code de la sécurité sociale : articles L815-1 à L815-11",
        intro="L'allocation de solidarité aux personnes âgées (Aspa) garantit un revenu minimum aux personnes âgées vivant en France.",
        body=[
            ("Conditions", [
                "Il faut avoir au moins *65 ans* (ou l'âge légal de départ en cas d'inaptitude au travail ou de handicap), résider en France de façon stable et régulière et avoir des ressources inférieures à un plafond.",
                ("table", "Montant maximal mensuel (2025)", ["Situation", "Montant maximal"], [
                    ["Personne seule", "environ 1 034 €"],
                    ["Couple", "environ 1 606 €"],
                ]),
                "L'Aspa complète vos ressources jusqu'à ce montant : si vous percevez déjà 800 € par mois en étant seul, l'Aspa sera d'environ 234 €.",
            ]),
            ("Demande et récupération", [
                "La demande se fait auprès de votre caisse de retraite (en ligne ou avec le formulaire cerfa n° 13710), ou de la mairie si vous ne percevez aucune retraite.",
                ("note", "Les sommes versées peuvent être récupérées sur la succession, uniquement sur la part de l'actif net qui dépasse un seuil d'environ *108 000 €* en métropole. Les exploitations agricoles en sont exclues."),
            ]),
        ],
        qs=[
            ("Ma mère a 72 ans et touche 650 € de retraite par mois, elle vit seule. Est-ce qu'elle peut avoir un complément ?",
             "Oui, elle peut demander l'allocation de solidarité aux personnes âgées (Aspa), qui complète les ressources d'une personne seule jusqu'à environ 1 034 € par mois en 2025. La demande se fait auprès de sa caisse de retraite, en ligne ou avec le formulaire cerfa n° 13710."),
            ("Le minimum vieillesse, c'est vrai que l'État le reprend sur l'héritage ?",
             "Oui, les sommes versées au titre de l'Aspa peuvent être récupérées sur la succession, mais seulement sur la part de l'actif net qui dépasse un seuil d'environ 108 000 € en métropole. En dessous de ce seuil, rien n'est récupéré, et les exploitations agricoles sont exclues."),
        ],
    ),
    dict(
        id="F90023", theme="retraite", kind="qr", structure="Assurance retraite",
        title="Peut-on reprendre un travail quand on est à la retraite ?",
        desc="Le cumul emploi-retraite permet de percevoir sa pension tout en reprenant une activité, sans limite de revenus si la retraite est à taux plein.",
        source="Code de la sécurité sociale : articles L161-22 et L161-22-1-1",
        intro="Vous pouvez reprendre une activité salariée ou indépendante après la liquidation de votre retraite. Les règles dépendent de votre situation au moment du départ.",
        body=[
            ("Cumul intégral ou plafonné", [
                ("cas", [
                    ("Vous avez une retraite à taux plein", [
                        "Si vous avez l'âge légal et le nombre de trimestres requis (ou 67 ans), et que vous avez liquidé toutes vos retraites, le cumul est *intégral* : pas de limite de revenus.",
                        "Depuis septembre 2023, ce nouveau travail permet d'acquérir une *seconde pension*, plafonnée.",
                    ]),
                    ("Votre retraite n'est pas à taux plein", [
                        "Le cumul est *plafonné* : vos revenus d'activité et vos pensions ne doivent pas dépasser votre dernier salaire ou 160 % du Smic. En cas de dépassement, la retraite est réduite d'autant.",
                    ]),
                ]),
            ]),
            ("Formalités", [
                "Informez votre caisse de retraite dans le mois qui suit la reprise d'activité. Si vous reprenez chez votre dernier employeur, un délai de *6 mois* doit séparer la date de départ à la retraite de la reprise.",
            ]),
        ],
        qs=[
            ("Je suis retraité depuis un an avec une retraite à taux plein, je peux reprendre un petit boulot sans perdre ma pension ?",
             "Oui. Avec une retraite à taux plein et toutes vos retraites liquidées, le cumul emploi-retraite est intégral : vous gardez votre pension sans limite de revenus. Informez votre caisse de retraite dans le mois de la reprise ; chez votre dernier employeur, 6 mois doivent séparer le départ de la reprise."),
            ("Si je retravaille à la retraite, est-ce que je cotise pour rien ?",
             "Plus entièrement : depuis septembre 2023, en cas de cumul emploi-retraite intégral, les cotisations versées sur le nouveau travail permettent d'acquérir une seconde pension, plafonnée. En cumul plafonné, en revanche, elles ne créent pas de nouveaux droits."),
        ],
    ),
    dict(
        id="F90024", theme="retraite", kind="info", structure="Assurance retraite",
        title="Retraite progressive",
        desc="La retraite progressive permet de travailler à temps partiel tout en percevant une partie de sa retraite, dès 60 ans.",
        source="Code de la sécurité sociale : articles L351-15 et R351-39",
        intro="La retraite progressive est un dispositif de transition entre l'activité et la retraite, ouvert aux salariés, aux indépendants et, depuis 2023, à certains fonctionnaires et professions libérales.",
        body=[
            ("Conditions", [
                ("ul", [
                    "avoir au moins *60 ans* ;",
                    "justifier d'au moins *150 trimestres* d'assurance retraite, tous régimes confondus ;",
                    "travailler à temps partiel entre *40 % et 80 %* de la durée légale ou conventionnelle.",
                ]),
                "L'employeur ne peut refuser le temps partiel que pour une raison liée à l'activité de l'entreprise, en le justifiant par écrit dans un délai de 2 mois ; sans réponse, la demande est acceptée.",
            ]),
            ("Montant", [
                "Vous percevez une fraction de votre retraite égale à la différence entre 100 % et votre temps de travail : à 60 % de temps partiel, vous touchez 40 % de votre retraite provisoire. Vous continuez à cotiser et la retraite définitive est recalculée au départ.",
                ("savoir", "La demande se fait auprès de votre caisse de retraite avec l'accord de temps partiel de votre employeur ou une attestation de l'employeur précisant la durée du travail."),
            ]),
        ],
        qs=[
            ("J'ai 61 ans et 155 trimestres, je voudrais passer à mi-temps en touchant une partie de ma retraite, c'est possible ?",
             "Oui, c'est la retraite progressive : elle est ouverte dès 60 ans avec au moins 150 trimestres, pour un temps partiel compris entre 40 % et 80 %. À mi-temps, vous percevriez environ 50 % de votre retraite provisoire et vous continueriez à cotiser. Faites la demande auprès de votre caisse de retraite avec l'accord de temps partiel de votre employeur."),
            ("Mon patron peut-il refuser ma retraite progressive ?",
             "L'employeur ne peut refuser le passage à temps partiel que pour une raison liée à l'activité de l'entreprise, qu'il doit justifier par écrit dans un délai de 2 mois. Sans réponse dans ce délai, la demande est considérée comme acceptée."),
        ],
    ),
    # ------------------------------------------------------------------ emploi
    dict(
        id="F90025", theme="emploi", kind="qr", structure="France Travail",
        title="Comment s'inscrire à France Travail ?",
        desc="L'inscription comme demandeur d'emploi se fait en ligne. Elle est nécessaire pour être indemnisé et accompagné dans votre recherche d'emploi.",
        source="Code du travail : articles L5411-1 à L5411-10",
        intro="France Travail (anciennement Pôle emploi) accompagne les demandeurs d'emploi et verse l'allocation chômage.",
        body=[
            ("L'inscription", [
                ("ol", [
                    "Inscrivez-vous en ligne sur le site de France Travail, dès la fin de votre contrat de travail et au plus tard dans les *12 mois* pour ne pas perdre vos droits au chômage.",
                    "Renseignez votre situation, votre projet et joignez les attestations employeur si elles ne sont pas transmises automatiquement.",
                    "Un conseiller vous contacte pour un entretien de situation et la signature de votre *contrat d'engagement*.",
                ]),
                ("note", "Depuis le 1er janvier 2025, les bénéficiaires du RSA et les jeunes accompagnés par une mission locale sont inscrits automatiquement à France Travail."),
            ]),
            ("Après l'inscription", [
                "Vous devez [F90027|actualiser votre situation] chaque mois et répondre aux convocations. Vous avez accès à un espace personnel pour suivre vos démarches, vos paiements et vos échanges avec votre conseiller.",
            ]),
        ],
        qs=[
            ("Mon CDD se termine fin du mois, je dois m'inscrire où et quand ?",
             "Inscrivez-vous en ligne sur le site de France Travail dès la fin de votre contrat, et au plus tard dans les 12 mois pour ne pas perdre vos droits au chômage. Un conseiller vous contactera ensuite pour un entretien de situation et la signature du contrat d'engagement."),
            ("Je touche le RSA, est-ce que je dois m'inscrire moi-même à France Travail ?",
             "Non, depuis le 1er janvier 2025, les bénéficiaires du RSA sont inscrits automatiquement à France Travail. Vous serez contacté pour un entretien et la signature d'un contrat d'engagement, puis vous devrez actualiser votre situation chaque mois."),
        ],
    ),
    dict(
        id="F90026", theme="emploi", kind="info", structure="France Travail",
        title="Allocation d'aide au retour à l'emploi (ARE)",
        desc="L'allocation chômage (ARE) est versée aux salariés ayant perdu involontairement leur emploi et ayant travaillé au moins 6 mois au cours des 24 derniers mois.",
        source="Convention d'assurance chômage du 15 novembre 2024 et son règlement général",
        intro="L'allocation d'aide au retour à l'emploi (ARE) remplace une partie du salaire perdu pendant la recherche d'un nouvel emploi.",
        body=[
            ("Conditions", [
                ("ul", [
                    "avoir perdu *involontairement* son emploi (fin de CDD, licenciement, [F90028|rupture conventionnelle]) : un salarié qui démissionne n'y a en principe pas droit, sauf démission considérée comme légitime (suivre son conjoint, par exemple) ou démission pour un projet de reconversion validé ;",
                    "avoir travaillé au moins *6 mois* (130 jours ou 910 heures) au cours des 24 derniers mois, ou des 36 derniers mois pour les salariés les plus âgés ;",
                    "être inscrit à France Travail et rechercher activement un emploi.",
                ]),
            ]),
            ("Montant et versement", [
                "Le montant brut journalier correspond au plus élevé de deux calculs : 40,4 % du salaire journalier de référence plus une partie fixe, ou *57 %* de ce salaire. Il ne peut pas dépasser 75 % du salaire de référence.",
                "L'allocation est versée mensuellement après un *délai d'attente de 7 jours*, auquel peuvent s'ajouter un différé lié aux congés payés et un différé lié aux indemnités de rupture supra-légales.",
                ("savoir", "La durée d'indemnisation dépend de la durée travaillée et de la conjoncture. Un simulateur en ligne sur le site de France Travail donne une estimation de vos droits."),
            ]),
        ],
        qs=[
            ("J'ai été licencié après 4 ans dans ma boîte, je vais toucher combien de chômage ?",
             "Le montant de l'ARE dépend de votre salaire journalier de référence : il correspond en général à environ 57 % de ce salaire (ou 40,4 % plus une partie fixe si c'est plus favorable), sans dépasser 75 %. Il faut être inscrit à France Travail ; le simulateur en ligne vous donnera une estimation précise."),
            ("Pourquoi je n'ai pas été payé du chômage dès le premier jour après mon contrat ?",
             "Le versement de l'ARE commence après un délai d'attente de 7 jours, auquel peuvent s'ajouter un différé lié à l'indemnité de congés payés et un différé lié aux indemnités de rupture supérieures au minimum légal."),
            ("J'ai démissionné, est-ce que je peux avoir le chômage ?",
             "En principe non, car l'ARE suppose une perte involontaire d'emploi. Certaines démissions sont toutefois considérées comme légitimes (par exemple pour suivre un conjoint qui déménage) et ouvrent droit à l'allocation, à condition d'avoir travaillé au moins 6 mois au cours des 24 derniers mois."),
        ],
    ),
    dict(
        id="F90027", theme="emploi", kind="qr", structure="France Travail",
        title="Comment actualiser sa situation chaque mois auprès de France Travail ?",
        desc="Chaque mois, le demandeur d'emploi doit déclarer sa situation pour rester inscrit et être payé.",
        source="Code du travail : article R5411-7",
        intro="L'actualisation mensuelle confirme que vous êtes toujours à la recherche d'un emploi et permet de déclarer vos éventuelles heures travaillées.",
        body=[
            ("Quand et comment", [
                "L'actualisation se fait *entre le 28 du mois et le 15 du mois suivant*, sur le site ou l'application France Travail, ou par téléphone au 3949.",
                ("ul", [
                    "déclarez les heures travaillées et les salaires bruts du mois, même pour un petit contrat ;",
                    "signalez un arrêt maladie, une formation, un stage ou un changement d'adresse ;",
                    "transmettez vos bulletins de salaire.",
                ]),
            ]),
            ("En cas d'oubli", [
                "Sans actualisation, vous êtes désinscrit et le versement de l'allocation s'arrête. Vous pouvez vous réinscrire en ligne ; si vous n'avez pas reçu le rappel, expliquez-le à votre conseiller, qui peut rétablir la période.",
                ("note", "Les revenus d'une activité reprise ne font pas perdre l'ARE : une partie de l'allocation est maintenue, et les jours non indemnisés prolongent vos droits."),
            ]),
        ],
        qs=[
            ("J'ai oublié de m'actualiser ce mois-ci, qu'est-ce qui va se passer ?",
             "Sans actualisation entre le 28 du mois et le 15 du mois suivant, vous êtes désinscrit et l'allocation n'est plus versée. Réinscrivez-vous en ligne rapidement et expliquez la situation à votre conseiller, qui peut examiner le rétablissement de la période."),
            ("J'ai fait 3 jours d'intérim ce mois-ci, je dois le déclarer à France Travail ?",
             "Oui, lors de l'actualisation mensuelle, vous devez déclarer toutes les heures travaillées et le salaire brut, même pour un contrat court. Une partie de l'allocation est maintenue et les jours non indemnisés prolongent vos droits."),
        ],
    ),
    dict(
        id="F90028", theme="emploi", kind="info", structure="France Travail",
        title="Rupture conventionnelle du CDI",
        desc="La rupture conventionnelle permet à l'employeur et au salarié en CDI de mettre fin au contrat d'un commun accord, avec une indemnité et le droit au chômage.",
        source="Code du travail : articles L1237-11 à L1237-16",
        intro="La rupture conventionnelle ne peut être imposée par aucune des deux parties. Elle est encadrée par une procédure précise.",
        body=[
            ("Procédure", [
                ("ol", [
                    "Un ou plusieurs *entretiens* entre l'employeur et le salarié, qui peut se faire assister.",
                    "Signature d'une convention précisant la date de fin du contrat et le montant de l'indemnité.",
                    "Délai de *rétractation de 15 jours calendaires* pour chacune des parties.",
                    "Demande d'homologation en ligne auprès de l'administration (Dreets), qui dispose de *15 jours ouvrables* pour répondre ; son silence vaut homologation.",
                ]),
            ]),
            ("Indemnité et chômage", [
                "L'indemnité ne peut pas être inférieure à l'indemnité légale de licenciement : 1/4 de mois de salaire par année d'ancienneté jusqu'à 10 ans, 1/3 au-delà.",
                "Le salarié peut bénéficier de l'[F90026|allocation chômage] s'il remplit les conditions, après les délais de carence habituels.",
                ("note", "Depuis septembre 2023, l'indemnité de rupture conventionnelle est soumise à une contribution patronale de 30 %, ce qui n'en réduit pas le montant pour le salarié."),
            ]),
        ],
        qs=[
            ("On s'est mis d'accord avec mon employeur pour une rupture conventionnelle, c'est quoi les délais ?",
             "Après la signature de la convention, chaque partie dispose de 15 jours calendaires pour se rétracter. La demande d'homologation est ensuite envoyée en ligne à la Dreets, qui a 15 jours ouvrables pour répondre ; sans réponse, la rupture est homologuée. Comptez donc environ un mois et demi entre la signature et la fin du contrat."),
            ("Après une rupture conventionnelle, on a droit au chômage ?",
             "Oui, la rupture conventionnelle ouvre droit à l'allocation chômage si vous remplissez les conditions, notamment avoir travaillé au moins 6 mois au cours des 24 derniers mois, et vous devez vous inscrire à France Travail. L'indemnité perçue ne peut pas être inférieure à l'indemnité légale de licenciement."),
        ],
    ),
    dict(
        id="F90029", theme="emploi", kind="qr", structure="France Travail",
        title="Comment utiliser son compte personnel de formation (CPF) ?",
        desc="Le CPF permet de financer une formation certifiante avec les droits acquis en travaillant. Une participation forfaitaire reste en principe à votre charge.",
        source="Code du travail : articles L6323-1 et suivants",
        intro="Le compte personnel de formation (CPF) est alimenté en euros chaque année par votre activité et utilisable tout au long de la vie professionnelle.",
        body=[
            ("Vos droits", [
                "Un salarié à temps plein ou à mi-temps acquiert *500 € par an*, dans la limite de *5 000 €* (800 € par an et 8 000 € pour les salariés peu qualifiés et les travailleurs handicapés).",
            ]),
            ("Utiliser le CPF", [
                "Les droits se consultent et s'utilisent sur la plateforme Mon Compte Formation, accessible avec une identité numérique sécurisée (FranceConnect+).",
                ("ul", [
                    "choisissez une formation éligible (diplôme, titre professionnel, permis de conduire, bilan de compétences, VAE) ;",
                    "inscrivez-vous directement en ligne : la formation est payée à l'organisme sur vos droits ;",
                    "si vos droits sont insuffisants, France Travail, l'employeur ou la région peuvent compléter.",
                ]),
                ("note", "Depuis mai 2024, une *participation forfaitaire* d'environ 100 € est demandée à chaque inscription. Les demandeurs d'emploi et les formations cofinancées par l'employeur en sont exonérés."),
                ("savoir", "Aucun organisme ne peut vous demander vos identifiants Mon Compte Formation : méfiez-vous des démarchages par téléphone ou SMS, souvent frauduleux."),
            ]),
        ],
        qs=[
            ("Comment je sais combien j'ai sur mon CPF et est-ce que je peux payer le permis avec ?",
             "Vos droits se consultent sur Mon Compte Formation, avec une identité numérique FranceConnect+. Le permis de conduire fait partie des formations éligibles : vous pouvez vous inscrire en ligne auprès d'une auto-école référencée. Une participation forfaitaire d'environ 100 € reste à votre charge, sauf si vous êtes demandeur d'emploi."),
            ("On m'appelle pour me proposer une formation gratuite avec mon CPF, ils veulent mon code, c'est sûr ?",
             "Non, ne donnez jamais vos identifiants Mon Compte Formation : aucun organisme n'a le droit de les demander et ces démarchages par téléphone ou SMS sont souvent frauduleux. Choisissez et réservez vous-même votre formation sur la plateforme officielle."),
        ],
    ),
    dict(
        id="F90030", theme="emploi", kind="info", structure="CAF",
        title="Prime d'activité",
        desc="La prime d'activité complète les revenus des travailleurs aux ressources modestes, salariés ou indépendants, à partir de 18 ans.",
        source="Code de la sécurité sociale : articles L841-1 à L846-1",
        intro="La prime d'activité est versée chaque mois par la Caf ou la MSA pour encourager l'activité professionnelle.",
        body=[
            ("Conditions", [
                "Il faut avoir au moins *18 ans*, résider en France et exercer une activité professionnelle. Les étudiants et apprentis doivent gagner au moins environ 1 080 € nets par mois.",
                "À titre indicatif, une personne seule sans enfant peut y avoir droit jusqu'à environ *1 900 € nets* de salaire par mois.",
            ]),
            ("Demande et déclarations", [
                ("ol", [
                    "Faites une simulation puis la demande en ligne sur le site de la Caf (ou de la MSA).",
                    "Déclarez vos ressources *tous les 3 mois* : la prime est calculée pour le trimestre suivant.",
                    "Signalez tout changement de situation sans attendre la déclaration trimestrielle.",
                ]),
                ("note", "Sans déclaration trimestrielle, le versement est suspendu. La prime n'est pas versée si son montant est inférieur à 15 € par mois."),
            ]),
        ],
        qs=[
            ("Je suis au SMIC à temps plein et célibataire, est-ce que j'ai droit à la prime d'activité ?",
             "Probablement oui : une personne seule sans enfant peut percevoir la prime d'activité jusqu'à environ 1 900 € nets de salaire par mois. Faites une simulation puis la demande en ligne sur le site de la Caf ; vous devrez ensuite déclarer vos ressources tous les 3 mois."),
            ("Ma prime d'activité n'a pas été versée ce mois-ci, je n'ai rien changé pourtant.",
             "La cause la plus fréquente est l'absence de déclaration trimestrielle de ressources : sans elle, le versement est suspendu. Vérifiez votre espace Caf et faites la déclaration ; la prime n'est pas versée non plus si son montant calculé est inférieur à 15 € par mois."),
        ],
    ),
    # ------------------------------------------------------------------ papiers d'identité
    dict(
        id="F90031", theme="papiers d'identité", kind="info", structure="Mairie",
        title="Carte d'identité : première demande ou renouvellement",
        desc="La carte nationale d'identité se demande dans une mairie équipée d'un dispositif de recueil, après une pré-demande en ligne. Elle est gratuite, sauf en cas de perte ou de vol.",
        source="Décret n° 55-1397 du 22 octobre 1955 instituant la carte nationale d'identité",
        intro="La carte d'identité au format carte bancaire est valable *10 ans*. Elle n'est pas obligatoire mais permet de prouver son identité et de voyager dans l'Union européenne.",
        body=[
            ("Démarche", [
                ("ol", [
                    "Faites une *pré-demande en ligne* sur le site de l'ANTS et notez le numéro de pré-demande.",
                    "Prenez rendez-vous dans une mairie équipée d'un dispositif de recueil : ce n'est pas forcément celle de votre domicile.",
                    "Présentez-vous avec une photo d'identité de moins de 6 mois, un justificatif de domicile et l'ancienne carte ; vos empreintes sont relevées.",
                    "Retirez la carte dans la même mairie, en personne, dans les 3 mois suivant sa mise à disposition.",
                ]),
            ]),
            ("Coût et délais", [
                ("table", "Coût de la carte d'identité", ["Situation", "Prix"], [
                    ["Première demande ou renouvellement de la carte", "gratuit"],
                    ["Renouvellement après perte ou vol", "timbre fiscal de 25 €"],
                ]),
                "Les délais de rendez-vous et de fabrication varient fortement selon les communes et la période : plusieurs semaines avant l'été.",
                ("savoir", "Vous pouvez renouveler votre carte à partir de 6 mois avant sa date d'expiration, ou à tout moment si vous n'avez pas de passeport valide."),
            ]),
        ],
        qs=[
            ("Ma carte d'identité expire dans 2 mois, comment je fais pour la refaire ?",
             "Faites une pré-demande en ligne sur le site de l'ANTS, puis prenez rendez-vous dans une mairie équipée d'un dispositif de recueil, pas forcément celle de votre commune. Apportez une photo de moins de 6 mois, un justificatif de domicile et l'ancienne carte. Le renouvellement est gratuit et la carte est valable 10 ans."),
            ("Ma mairie ne fait pas les cartes d'identité, je dois aller où ?",
             "Vous pouvez faire la demande dans n'importe quelle mairie équipée d'un dispositif de recueil, quel que soit votre domicile. Faites d'abord la pré-demande en ligne sur le site de l'ANTS, puis prenez rendez-vous dans la mairie équipée de votre choix ; vous retirerez la carte dans cette même mairie."),
            ("C'est payant de refaire sa carte d'identité ?",
             "Non, la première demande et le renouvellement de la carte d'identité sont gratuits. Un timbre fiscal de 25 € n'est demandé qu'en cas de perte ou de vol de l'ancienne carte."),
        ],
    ),
    dict(
        id="F90032", theme="papiers d'identité", kind="info", structure="Mairie",
        title="Passeport : démarches, coût et validité",
        desc="Le passeport se demande, comme la carte d'identité, dans une mairie équipée après une pré-demande en ligne. Il coûte 86 € pour un adulte.",
        source="Décret n° 2005-1726 du 30 décembre 2005 relatif aux passeports",
        intro="Le passeport biométrique est nécessaire pour voyager dans la plupart des pays hors de l'Union européenne.",
        body=[
            ("Coût et validité", [
                ("table", "Prix du timbre fiscal et durée de validité", ["Demandeur", "Timbre fiscal", "Validité"], [
                    ["Adulte", "86 €", "10 ans"],
                    ["Mineur de 15 à 17 ans", "42 €", "5 ans"],
                    ["Mineur de moins de 15 ans", "17 €", "5 ans"],
                ]),
                "Le timbre fiscal s'achète en ligne, dans un bureau de tabac ou au centre des finances publiques.",
            ]),
            ("Démarche", [
                "La pré-demande en ligne, le rendez-vous en mairie équipée et le retrait en personne se déroulent comme pour la [F90031|carte d'identité]. Vous pouvez demander la carte d'identité et le passeport en même temps.",
                ("cas", [
                    ("Demande pour un mineur", [
                        "La demande est faite par un parent exerçant l'autorité parentale, en présence de l'enfant. L'enfant de plus de 12 ans donne ses empreintes. Le parent présente sa propre pièce d'identité.",
                    ]),
                    ("Départ urgent", [
                        "En cas d'urgence justifiée (raison médicale, professionnelle ou familiale grave), la préfecture peut délivrer un passeport temporaire ou accélérer la fabrication.",
                    ]),
                ]),
            ]),
        ],
        qs=[
            ("Combien coûte un passeport pour mon fils de 10 ans et il est valable combien de temps ?",
             "Pour un enfant de moins de 15 ans, le timbre fiscal coûte 17 € et le passeport est valable 5 ans. La demande est faite par un parent exerçant l'autorité parentale, en présence de l'enfant, dans une mairie équipée après une pré-demande en ligne."),
            ("Je pars aux États-Unis dans 3 semaines et je n'ai pas de passeport, c'est jouable ?",
             "Faites au plus vite la pré-demande en ligne et cherchez un rendez-vous dans une mairie équipée, le cas échéant dans une commune voisine. Si le délai est trop court et que le départ est urgent et justifié (motif médical, professionnel ou familial grave), la préfecture peut accélérer la fabrication ou délivrer un passeport temporaire. Le passeport adulte coûte 86 €."),
        ],
    ),
    dict(
        id="F90033", theme="papiers d'identité", kind="qr", structure="Mairie",
        title="Que faire en cas de perte ou de vol de sa carte d'identité ou de son passeport ?",
        desc="En cas de vol, vous devez déclarer le vol au commissariat ou à la gendarmerie. En cas de perte, la déclaration se fait au moment de la demande de nouveau titre.",
        source="Décret n° 55-1397 du 22 octobre 1955 : article 4-3",
        intro="La déclaration de perte ou de vol invalide le titre, qui ne pourra plus être utilisé même s'il est retrouvé.",
        body=[
            ("Déclarer la perte ou le vol", [
                ("cas", [
                    ("Perte", [
                        "La perte est déclarée en mairie lors du rendez-vous pour la nouvelle demande, ou en ligne lors de la pré-demande sur le site de l'ANTS. Aucune déclaration au commissariat n'est nécessaire.",
                    ]),
                    ("Vol", [
                        "Le vol doit être déclaré au commissariat de police ou à la brigade de gendarmerie. Vous pouvez gagner du temps avec une *pré-plainte en ligne* (voir [F90069|porter plainte]). Le récépissé de déclaration de vol est demandé en mairie.",
                    ]),
                    ("À l'étranger", [
                        "Adressez-vous aux autorités locales puis au consulat ou à l'ambassade de France, qui peut délivrer un document de voyage provisoire pour rentrer.",
                    ]),
                ]),
            ]),
            ("Refaire le titre", [
                "La nouvelle demande suit la procédure habituelle en mairie équipée. Il faut en plus fournir un *timbre fiscal de 25 €* pour une carte d'identité (86 € pour un passeport adulte) et, si vous n'avez plus aucun titre, un acte de naissance peut être demandé.",
                ("note", "Un titre déclaré perdu puis retrouvé ne peut plus être utilisé : rapportez-le à la mairie ou à la police."),
            ]),
        ],
        qs=[
            ("On m'a volé mon sac avec ma carte d'identité dedans, je fais quoi en premier ?",
             "Déclarez d'abord le vol au commissariat ou à la gendarmerie (une pré-plainte en ligne permet de gagner du temps) : le récépissé vous sera demandé en mairie. Faites ensuite une pré-demande de nouvelle carte sur le site de l'ANTS et un rendez-vous en mairie équipée, avec un timbre fiscal de 25 €."),
            ("J'ai perdu ma carte d'identité, je dois aller au commissariat ?",
             "Non, pour une simple perte, aucune déclaration au commissariat n'est nécessaire : la perte est déclarée en mairie lors du rendez-vous de renouvellement ou en ligne lors de la pré-demande. La nouvelle carte nécessite un timbre fiscal de 25 €."),
            ("J'ai retrouvé mon passeport que j'avais déclaré perdu, je peux encore l'utiliser ?",
             "Non, un titre déclaré perdu est invalidé et ne peut plus être utilisé, même s'il est retrouvé. Rapportez-le à la mairie ou à la police et utilisez le nouveau titre."),
        ],
    ),
    dict(
        id="F90034", theme="papiers d'identité", kind="qr", structure="Mairie",
        title="Comment obtenir une copie ou un extrait d'acte de naissance ?",
        desc="L'acte de naissance se demande gratuitement à la mairie du lieu de naissance, en ligne, par courrier ou au guichet. Pour une naissance à l'étranger, il faut s'adresser au Service central d'état civil.",
        source="Décret n° 2017-890 du 6 mai 2017 relatif à l'état civil",
        intro="Il existe trois documents : la copie intégrale, l'extrait avec filiation et l'extrait sans filiation.",
        body=[
            ("Qui peut le demander ?", [
                ("ul", [
                    "*copie intégrale et extrait avec filiation* : la personne concernée, ses ascendants, descendants, son conjoint ou partenaire de Pacs, son représentant légal ;",
                    "*extrait sans filiation* : toute personne, sans justification.",
                ]),
            ]),
            ("Où s'adresser ?", [
                ("cas", [
                    ("Naissance en France", [
                        "Adressez-vous à la mairie du lieu de naissance : en ligne (la plupart des communes sont raccordées au service de demande d'acte de l'État), par courrier ou au guichet. La délivrance est *gratuite*.",
                    ]),
                    ("Naissance à l'étranger (Français)", [
                        "Adressez-vous au *Service central d'état civil* du ministère des Affaires étrangères, à Nantes, de préférence en ligne.",
                    ]),
                ]),
                ("note", "De nombreuses démarches (carte d'identité, passeport) n'exigent plus d'acte de naissance si votre commune de naissance est raccordée à la vérification dématérialisée des données d'état civil (Comedec)."),
                ("savoir", "Méfiez-vous des sites privés qui font payer la demande d'acte : la démarche officielle est toujours gratuite."),
            ]),
        ],
        qs=[
            ("J'ai besoin d'un acte de naissance pour mon mariage, je suis né à Lille mais j'habite Marseille, comment faire ?",
             "Demandez-le à la mairie de Lille, votre lieu de naissance : en ligne, par courrier ou au guichet. La délivrance est gratuite ; pour un mariage, c'est en général une copie intégrale ou un extrait avec filiation qui est demandé."),
            ("Je suis née en Algérie de parents français, où je demande mon acte de naissance ?",
             "Pour un Français né à l'étranger, l'acte de naissance est détenu par le Service central d'état civil du ministère des Affaires étrangères, à Nantes. La demande se fait de préférence en ligne et elle est gratuite."),
            ("Un site me demande 30 € pour un extrait de naissance, c'est normal ?",
             "Non, la demande d'acte de naissance est toujours gratuite auprès de la mairie du lieu de naissance ou du Service central d'état civil. Les sites privés qui facturent ce service ne sont pas officiels : passez par la démarche en ligne gratuite ou par la mairie."),
        ],
    ),
    dict(
        id="F90035", theme="papiers d'identité", kind="qr", structure="Mairie",
        title="Faut-il changer sa carte d'identité quand on déménage ?",
        desc="Non : le changement d'adresse ne rend pas obligatoire le renouvellement de la carte d'identité ou du passeport.",
        source="Décret n° 55-1397 du 22 octobre 1955",
        intro="L'adresse figurant sur la carte d'identité n'a pas besoin d'être à jour : la carte reste valable jusqu'à sa date d'expiration.",
        body=[
            ("Carte d'identité et passeport", [
                "Vous n'avez aucune démarche à faire pour votre carte d'identité ou votre passeport. Si vous souhaitez malgré tout une carte à jour, vous pouvez en demander une nouvelle en mairie équipée en présentant l'ancienne carte et un justificatif du nouveau domicile : la démarche est gratuite.",
            ]),
            ("Les démarches à faire lors d'un déménagement", [
                "Le service en ligne de déclaration de changement de coordonnées permet d'informer en une fois plusieurs organismes : Caf, caisse de retraite, impôts, Assurance maladie, France Travail, fournisseurs d'énergie.",
                ("ul", [
                    "la [F90050|carte grise] doit être mise à jour dans le mois ;",
                    "l'inscription sur les [F90036|listes électorales] de la nouvelle commune est à faire vous-même ;",
                    "pensez au contrat de réexpédition du courrier.",
                ]),
            ]),
        ],
        qs=[
            ("Je viens de déménager, est-ce que je dois refaire ma carte d'identité avec la nouvelle adresse ?",
             "Non, le changement d'adresse ne vous oblige pas à refaire votre carte d'identité ni votre passeport, qui restent valables jusqu'à leur date d'expiration. En revanche, pensez à mettre à jour votre carte grise dans le mois et à vous inscrire sur les listes électorales de votre nouvelle commune."),
            ("Il y a un moyen de prévenir tous les organismes d'un coup quand on déménage ?",
             "Oui, le service en ligne de déclaration de changement de coordonnées permet d'informer en une seule démarche plusieurs organismes : Caf, caisse de retraite, impôts, Assurance maladie, France Travail et fournisseurs d'énergie. La carte grise et l'inscription sur les listes électorales restent des démarches à part."),
        ],
    ),
    dict(
        id="F90036", theme="papiers d'identité", kind="info", structure="Mairie",
        title="Inscription sur les listes électorales",
        desc="Pour voter, il faut être inscrit sur les listes électorales. L'inscription est automatique à 18 ans ; sinon, elle se fait en ligne ou en mairie jusqu'au 6e vendredi précédant le scrutin.",
        source="Code électoral : articles L9 à L16",
        intro="L'inscription sur les listes électorales permet de voter dans votre commune de domicile ou de résidence.",
        body=[
            ("Inscription automatique", [
                "Les jeunes qui atteignent 18 ans sont inscrits *automatiquement* s'ils ont fait le recensement citoyen à 16 ans. Les personnes qui obtiennent la nationalité française sont aussi inscrites d'office.",
            ]),
            ("Inscription volontaire", [
                "Après un déménagement, vous devez vous inscrire vous-même, en ligne ou à la mairie, avec une pièce d'identité et un justificatif de domicile de moins de 3 mois.",
                "L'inscription est possible toute l'année, et jusqu'au *6e vendredi précédant le scrutin* pour pouvoir voter à une élection.",
                ("savoir", "Le service en ligne « Interroger sa situation électorale » permet de vérifier votre commune et votre bureau de vote."),
            ]),
        ],
        qs=[
            ("J'ai déménagé l'an dernier, est-ce que je suis inscrit automatiquement pour voter dans ma nouvelle ville ?",
             "Non, après un déménagement il faut vous inscrire vous-même sur les listes électorales de la nouvelle commune, en ligne ou en mairie, avec une pièce d'identité et un justificatif de domicile de moins de 3 mois. Pour voter à une élection, l'inscription doit être faite au plus tard le 6e vendredi précédant le scrutin."),
            ("Jusqu'à quand je peux m'inscrire sur les listes pour voter aux prochaines élections ?",
             "Vous pouvez vous inscrire jusqu'au 6e vendredi précédant le scrutin, en ligne ou en mairie. Vous pouvez vérifier votre inscription avec le service « Interroger sa situation électorale »."),
        ],
    ),
]
