# tipbox source interface — français (French).
# Keys and placeholders must match the English reference file exactly.

## Layout
site-tagline = Un moyen sûr de signaler harcèlement, surveillance et pressions pour vous faire rentrer, sans donner votre nom.
nav-home = Accueil
nav-submit = Faire un signalement
nav-return = Revenir avec votre code d’accès
lang-label = Langue
footer-note = Ce site fonctionne sans JavaScript et n’enregistre rien sur votre appareil.

## Landing page
landing-title = Signaler en sécurité, sans donner votre nom
landing-intro = Si vous, vos proches ou une personne que vous connaissez avez été surveillés, menacés, harcelés ou poussés à « rentrer » par des agents de l’État chinois hors de Chine, notamment par les « postes de police chinois à l’étranger » ou dans le cadre des opérations Fox Hunt et Sky Net, vous pouvez le signaler ici à { $org }.
landing-what-title = Ce que devient votre signalement
landing-what-1 = Votre signalement est chiffré dès qu’il arrive sur ce serveur. Seule l’équipe de { $org } peut le déchiffrer, sur un ordinateur qui n’est jamais connecté à Internet.
landing-what-2 = Nous ne vous demandons ni votre nom, ni votre adresse e-mail, ni votre numéro de téléphone. Ce site n’enregistre ni votre adresse IP, ni votre navigateur, ni l’heure de votre visite.
landing-what-3 = Après l’envoi de votre signalement, vous recevez un code d’accès : huit mots tirés au hasard. Grâce à lui, vous pouvez revenir ajouter des informations et lire nos réponses. Personne d’autre ne le peut, et nous ne pouvons pas le retrouver pour vous.
landing-safety-title = Avant de commencer
landing-safety-1 = Utilisez Tor Browser et réglez son niveau de sécurité sur « Le plus sûr ». Ce site fonctionne entièrement sans JavaScript.
landing-safety-2 = N’utilisez pas un ordinateur ou un téléphone professionnel, ni aucun appareil contrôlé ou vérifié par quelqu’un d’autre.
landing-safety-3 = Les photos et les documents peuvent contenir des informations cachées, comme le lieu, l’appareil ou l’auteur. Supprimez-les si vous le pouvez, ou dites-nous dans votre message à quoi nous devons faire attention.
landing-safety-4 = Certains détails que personne d’autre ne connaît pourraient permettre de vous identifier. Dites-nous si quelque chose ne doit jamais apparaître dans une publication.
landing-submit = Faire un signalement
landing-return = J’ai déjà un code d’accès

## Submission form
submit-title = Faire un signalement
submit-intro = Tous les champs sont facultatifs, mais il nous faut un message ou au moins un fichier. Écrivez dans la langue de votre choix.
field-message = Que s’est-il passé ?
field-message-hint = Qui a pris contact avec vous ou votre famille, quand, de quelle manière, et ce qu’on attendait de vous. Jusqu’à { $max } caractères.
field-country = Pays où cela s’est passé
field-city = Ville ou région
field-when = Quand cela s’est-il passé ?
field-when-hint = Une date, un mois, « depuis 2022 »…
field-role = Quel est votre lien avec ces faits ?
role-self = Cela m’est arrivé
role-family = Cela est arrivé à ma famille
role-witness = J’en ai été témoin
role-other = Autre
field-incident = Quel type de pression ? Cochez tout ce qui s’applique.
incident-harassment = Harcèlement ou intimidation
incident-surveillance = Surveillance ou filature
incident-family_threats = Menaces contre des proches en Chine
incident-persuasion_to_return = Être « persuadé » de rentrer
incident-forced_return = Un retour forcé ou obtenu par la ruse
incident-police_station = Un « poste de police chinois à l’étranger »
incident-local_police_cooperation = Police ou autorités locales qui coopèrent avec eux
incident-other = Autre chose
field-contact-ok = Oui, répondez-moi. Les réponses n’apparaissent qu’ici, quand je reviens avec mon code d’accès.
field-words = Langue des mots de votre code d’accès
field-words-hint = Choisissez les mots que vous pourrez le plus facilement noter et saisir à nouveau : il vous les faudra pour revenir.
field-attachment = Fichiers : photos, enregistrements, documents
field-attachment-hint = Jusqu’à { $files } fichiers et { $size } au total. Vous pouvez choisir plusieurs fichiers à la fois.
field-attachment-photos = Les photos prises avec un téléphone enregistrent souvent où et quand elles ont été prises, et avec quel téléphone ; les documents peuvent contenir le nom de leur auteur. Pour envoyer une photo sans ces informations, faites-en une capture d’écran et envoyez la capture.
field-honeypot = Laissez ce champ vide
submit-button = Envoyer en toute sécurité
submit-slow-note = Avec Tor, l’envoi de gros fichiers peut prendre de longues minutes. Gardez cette page ouverte jusqu’à ce que votre code d’accès s’affiche.

## Success page
success-title = Votre signalement a bien été reçu
success-codename-label = Votre code d’accès
success-codename-advice = Notez-le maintenant, sur papier, et gardez-le en lieu sûr. Il n’est affiché qu’une seule fois. Sans lui, vous ne pourrez ni lire nos réponses ni ajouter d’informations, et nous ne pourrons pas le retrouver : nous ne le conservons jamais.
success-next = Revenez dans quelques jours et saisissez votre code d’accès pour lire nos réponses.
success-return-address = Pour revenir, ouvrez cette adresse dans Tor Browser :
success-return = Revenir avec votre code d’accès

## Login
login-title = Revenir avec votre code d’accès
login-intro = Saisissez les huit mots de votre code d’accès. Les espaces, les majuscules et les accents n’ont pas d’importance.
field-codename = Code d’accès
login-button = Ouvrir ma boîte de réception
login-failed = Nous n’avons pas trouvé ce code d’accès. Vérifiez chaque mot et réessayez.
login-count = Vous avez tapé { $got } mots ; un nom de code en a huit. Vérifiez s’il manque un mot ou s’il y en a un de trop.
login-word = Le mot { $n } ne fait pas partie des mots de nom de code. Vérifiez son orthographe.
login-screen = Les mots restent visibles pendant la saisie : assurez-vous que personne ne voit votre écran.

## Inbox
inbox-title = Votre boîte de réception
inbox-replies = Réponses de { $org }
inbox-no-replies = Pas encore de réponse. Revenez voir dans quelques jours.
inbox-reply-day = Réponse du { $day }
inbox-reply-unreadable = Cette réponse n’a pas pu être ouverte. Merci de nous le signaler dans un message.
inbox-sent-note = Pour votre sécurité, les messages que vous avez envoyés ne s’affichent pas ici : seule l’équipe de { $org } peut les lire.
inbox-followup-title = Ajouter des informations
followup-button = Envoyer
followup-received = Merci. Votre message a bien été reçu.
logout-button = Se déconnecter
inbox-session-note = Pour votre sécurité, votre session se ferme après 30 minutes d’inactivité. Déconnectez-vous lorsque vous avez terminé.

## Errors and limits
error-title = Un problème est survenu
error-400 = Le formulaire n’a pas pu être lu. Revenez en arrière et réessayez.
error-403 = Ce formulaire a expiré ou n’a pas été envoyé depuis ce site. Revenez en arrière, rechargez la page et réessayez.
error-409 = Ce signalement a déjà été reçu : il n’a pas été envoyé une deuxième fois. Utilisez le nom de code qui vous a été montré pour ajouter quelque chose ou lire les réponses.
error-409-title = Déjà reçu
error-404 = Cette page n’existe pas.
error-405 = Cette page ne permet pas cette action.
error-408 = La connexion était trop lente et a été fermée. Réessayez ; avec Tor, un nouveau circuit peut aider.
error-413 = C’est plus que ce que ce site accepte en une fois. Envoyez moins de fichiers ou des fichiers plus petits, ou répartissez-les sur plusieurs messages.
error-413-title = Trop volumineux pour être envoyé
error-429 = Trop de demandes en ce moment. Attendez une minute et réessayez.
error-500 = Un problème est survenu de notre côté. Rien de ce que vous avez envoyé n’a été enregistré à moitié. Réessayez.
error-503 = Le site est très sollicité. Réessayez dans une minute.
error-507 = Ce service ne peut pas recevoir de nouveaux signalements pour le moment. Réessayez plus tard.
error-session = Votre session est terminée. Saisissez à nouveau votre code d’accès.
error-home = Retour à l’accueil

## Form errors
form-errors = Veuillez corriger les champs signalés ci-dessous. Rien n’a encore été envoyé.
form-files-again = Pour votre sécurité, les fichiers ne sont pas conservés lorsqu’un formulaire vous est renvoyé. Veuillez les choisir à nouveau.
err-required = Écrivez un message ou ajoutez au moins un fichier.
err-too-long = Trop long : { $max } caractères au maximum.
err-message-too-long = Votre texte compte { $got } caractères, mais un message en contient au plus { $max }. Seuls les { $max } premiers sont conservés ci-dessous : envoyez-les, puis envoyez le reste dans un autre message.
err-invalid = Choix non valide.
err-country = Choisissez un pays dans la liste.
err-too-many-files = { $max } fichiers au maximum.
err-too-large = Trop volumineux : { $max } au total au maximum.
err-honeypot = Ce champ doit rester vide.
err-text = Utilisez uniquement du texte simple.
err-empty-file = L’un des fichiers choisis est vide.
err-filename-invisible = Le nom de fichier « { $name } » contient un caractère invisible ou un espace inhabituel ({ $char }). Renommez le fichier et choisissez-le à nouveau.
err-filename-unknown = Le nom de fichier « { $name } » contient un caractère qui ne peut pas être affiché sans risque ({ $char }). Renommez le fichier et choisissez-le à nouveau.
err-filename-path = Le nom de fichier « { $name } » serait lu comme un dossier (il contient « / » ou « \ », ou vaut « . » ou « .. »). Renommez le fichier et choisissez-le à nouveau.
err-filename-dot = Le nom de fichier « { $name } » se termine par un point, que certains systèmes suppriment, ce qui change le type du fichier. Renommez le fichier et choisissez-le à nouveau.
field-error = { $field } : { $error }
keep-open-note = Ces liens s’ouvrent dans un nouvel onglet : cette page, avec votre nom de code, reste ouverte.
pending-note = Votre session a pris fin pendant que vous écriviez : votre message n’a donc pas encore été envoyé. Il est conservé ci-dessous : saisissez votre nom de code pour l’envoyer.
pending-files = Les fichiers choisis n’ont pas été conservés : ajoutez-les à nouveau après la connexion.
pending-label = Votre message (pas encore envoyé)
pending-button = Ouvrir ma boîte et envoyer
followup-label = Que souhaitez-vous ajouter ?
logged-out = Vous êtes déconnecté. Par sécurité, fermez aussi cet onglet, ou la fenêtre de Tor Browser (Nouvelle identité).
login-cookie-lost = Votre navigateur n’a pas conservé le cookie de connexion. Ce site a besoin d’un navigateur qui considère les adresses .onion comme sûres, comme Tor Browser ; dans les autres navigateurs, la connexion ne peut pas être conservée.
