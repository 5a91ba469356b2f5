# tipbox source interface — Nederlands (Dutch).
# Keys and placeholders must match the English reference file exactly.

## Layout
site-tagline = Een veilige manier om intimidatie, bespionering en druk om terug te keren te melden, zonder uw naam te noemen.
nav-home = Start
nav-submit = Melding doen
nav-return = Terug met uw toegangscode
lang-label = Taal
footer-note = Deze site werkt zonder JavaScript en slaat niets op over uw apparaat.

## Landing page
landing-title = Veilig melden, zonder uw naam te noemen
landing-intro = Bent u, is uw familie of is iemand die u kent in het buitenland in de gaten gehouden, bedreigd, lastiggevallen of onder druk gezet om “terug te gaan” door mensen die namens de Chinese staat optreden, ook via zogenaamde “overzeese politiebureaus”, Fox Hunt of Sky Net? Dan kunt u dat hier aan { $org } vertellen.
landing-what-title = Wat er met uw melding gebeurt
landing-what-1 = Uw melding wordt versleuteld zodra die op deze server aankomt. Alleen medewerkers van { $org } kunnen de melding ontsleutelen, op een computer die nooit met internet verbonden is.
landing-what-2 = We vragen niet om uw naam, e-mailadres of telefoonnummer. Deze site legt uw IP-adres, uw browser en het tijdstip van uw bezoek niet vast.
landing-what-3 = Nadat u een melding hebt verstuurd, krijgt u een toegangscode: acht willekeurige woorden. Daarmee kunt u terugkomen om informatie toe te voegen en onze antwoorden te lezen. Niemand anders kan dat, en wij kunnen de code niet voor u terughalen.
landing-safety-title = Voordat u begint
landing-safety-1 = Gebruik Tor Browser en zet het beveiligingsniveau op “Veiligst”. Deze site werkt volledig zonder JavaScript.
landing-safety-2 = Gebruik geen computer of telefoon van uw werk, en ook geen apparaat dat iemand anders beheert of controleert.
landing-safety-3 = Foto’s en documenten kunnen verborgen gegevens bevatten, zoals de locatie, het apparaat of de maker. Verwijder die als dat lukt, of vertel ons in uw bericht waar we voorzichtig mee moeten zijn.
landing-safety-4 = Details die alleen u kent, kunnen verraden wie u bent. Laat ons weten als iets nooit in een publicatie mag verschijnen.
landing-submit = Melding doen
landing-return = Ik heb al een toegangscode

## Submission form
submit-title = Melding doen
submit-intro = Alle velden zijn optioneel, maar we hebben een bericht of ten minste één bestand nodig. U mag in elke taal schrijven.
field-message = Wat is er gebeurd?
field-message-hint = Wie heeft contact opgenomen met u of uw familie, wanneer, hoe, en wat wilden ze? Maximaal { $max } tekens.
field-country = Land waar het gebeurde
field-city = Stad of regio
field-when = Wanneer gebeurde het?
field-when-hint = Een datum, een maand, “sinds 2022”…
field-role = Wat is uw rol in deze melding?
role-self = Het is mij overkomen
role-family = Het is mijn familie overkomen
role-witness = Ik heb het zien gebeuren
role-other = Anders
field-incident = Wat voor druk? Kies alles wat van toepassing is.
incident-harassment = Lastigvallen of intimidatie
incident-surveillance = In de gaten gehouden of gevolgd worden
incident-family_threats = Bedreiging van familie in China
incident-persuasion_to_return = “Overgehaald” worden om terug te keren
incident-forced_return = Gedwongen of met een list teruggehaald worden
incident-police_station = Een “overzees politiebureau”
incident-local_police_cooperation = Lokale politie of overheid die met hen samenwerkt
incident-other = Iets anders
field-contact-ok = Ja, antwoord mij. Antwoorden verschijnen alleen hier, als ik terugkom met mijn toegangscode.
field-words = Taal van de woorden van uw toegangscode
field-words-hint = Kies de woorden die u het makkelijkst kunt opschrijven en weer intypen: u hebt ze nodig om terug te komen.
field-attachment = Bestanden: foto’s, opnames, documenten
field-attachment-hint = Maximaal { $files } bestanden en { $size } in totaal. U kunt meerdere bestanden tegelijk kiezen.
field-attachment-photos = Foto’s van een telefoon leggen meestal vast waar en wanneer ze zijn gemaakt en met welke telefoon; documenten kunnen de naam van de maker bevatten. Wilt u een foto zonder die gegevens sturen, maak er dan een schermafbeelding van en stuur die.
field-honeypot = Laat dit veld leeg
submit-button = Veilig versturen
submit-slow-note = Grote bestanden kunnen via Tor vele minuten duren. Houd deze pagina open tot u uw toegangscode ziet.

## Success page
success-title = Uw melding is ontvangen
success-codename-label = Uw toegangscode
success-codename-advice = Schrijf de code nu op papier en bewaar die op een veilige plek. Hij wordt alleen deze ene keer getoond. Zonder de code kunt u onze antwoorden niet lezen en niets toevoegen, en wij kunnen hem niet terughalen: we slaan hem nooit op.
success-next = Kom over een paar dagen terug en voer uw toegangscode in om onze antwoorden te lezen.
success-return-address = Open dit adres in Tor Browser om terug te komen:
success-return = Terug met uw toegangscode

## Login
login-title = Terug met uw toegangscode
login-intro = Typ de acht woorden van uw toegangscode. Spaties en hoofdletters maken niet uit.
field-codename = Toegangscode
login-button = Mijn postvak openen
login-failed = We konden deze toegangscode niet vinden. Controleer elk woord en probeer het opnieuw.
login-count = U typte { $got } woorden; een codenaam heeft er acht. Kijk of er een woord ontbreekt of te veel is.
login-word = Woord { $n } is geen van de codenaamwoorden. Controleer de spelling.
login-screen = De woorden blijven zichtbaar terwijl u typt: zorg dat niemand uw scherm kan zien.

## Inbox
inbox-title = Uw postvak
inbox-replies = Antwoorden van { $org }
inbox-no-replies = Nog geen antwoorden. Kijk over een paar dagen nog eens.
inbox-reply-day = Antwoord van { $day }
inbox-reply-unreadable = Dit antwoord kon niet worden geopend. Laat het ons weten in een bericht.
inbox-sent-note = Voor uw veiligheid worden de berichten die u hebt verstuurd hier niet getoond: alleen { $org } kan ze lezen.
inbox-followup-title = Informatie toevoegen
followup-button = Versturen
followup-received = Dank u. Uw bericht is ontvangen.
logout-button = Uitloggen
inbox-session-note = Voor uw veiligheid wordt u na 30 minuten zonder activiteit uitgelogd. Log uit als u klaar bent.

## Errors and limits
error-title = Er ging iets mis
error-400 = Het formulier kon niet worden gelezen. Ga terug en probeer het opnieuw.
error-403 = Dit formulier is verlopen of is niet vanaf deze site verstuurd. Ga terug, laad de pagina opnieuw en probeer het nog eens.
error-409 = Deze melding is al ontvangen: ze is niet nog een keer verstuurd. Gebruik de codenaam die u te zien kreeg om iets toe te voegen of antwoorden te lezen.
error-409-title = Al ontvangen
error-404 = Deze pagina bestaat niet.
error-405 = Dat kan op deze pagina niet.
error-408 = De verbinding was te traag en is verbroken. Probeer het opnieuw; in Tor kan een nieuw circuit helpen.
error-413 = Dat is meer dan deze site in één keer aanneemt. Stuur minder of kleinere bestanden, of verdeel ze over meerdere berichten.
error-413-title = Te groot om te versturen
error-429 = Er zijn nu te veel verzoeken. Wacht een minuut en probeer het opnieuw.
error-500 = Er ging bij ons iets mis. Niets van wat u stuurde is half opgeslagen. Probeer het opnieuw.
error-503 = De site is erg druk. Probeer het over een minuut opnieuw.
error-507 = Dit meldpunt kan op dit moment geen nieuwe meldingen aannemen. Probeer het later opnieuw.
error-session = Uw sessie is beëindigd. Voer uw toegangscode opnieuw in.
error-home = Terug naar het begin

## Form errors
form-errors = Corrigeer de velden die hieronder zijn gemarkeerd. Er is nog niets verstuurd.
form-files-again = Voor uw veiligheid worden bestanden niet bewaard als een formulier bij u terugkomt. Kies ze opnieuw.
err-required = Schrijf een bericht of voeg ten minste één bestand toe.
err-too-long = Te lang: maximaal { $max } tekens.
err-message-too-long = Uw tekst heeft { $got } tekens, maar één bericht bevat er hoogstens { $max }. Hieronder zijn alleen de eerste { $max } bewaard: stuur die, en stuur de rest in een volgend bericht.
err-invalid = Geen geldige keuze.
err-country = Kies een land uit de lijst.
err-too-many-files = Maximaal { $max } bestanden.
err-too-large = Te groot: maximaal { $max } in totaal.
err-honeypot = Dit veld moet leeg blijven.
err-text = Gebruik alleen gewone tekst.
err-empty-file = Een gekozen bestand is leeg.
err-filename-invisible = De bestandsnaam “{ $name }” bevat een onzichtbaar teken of een ongewone spatie ({ $char }). Geef het bestand een andere naam en kies het opnieuw.
err-filename-unknown = De bestandsnaam “{ $name }” bevat een teken dat niet veilig kan worden getoond ({ $char }). Geef het bestand een andere naam en kies het opnieuw.
err-filename-path = De bestandsnaam “{ $name }” zou als map worden gelezen (hij bevat “/” of “\”, of is “.” of “..”). Geef het bestand een andere naam en kies het opnieuw.
err-filename-dot = De bestandsnaam “{ $name }” eindigt op een punt, dat sommige systemen weglaten, waardoor het bestandstype verandert. Geef het bestand een andere naam en kies het opnieuw.
field-error = { $field }: { $error }
keep-open-note = Deze links openen in een nieuw tabblad: deze pagina, met uw codenaam, blijft open.
pending-note = Uw sessie is verlopen terwijl u schreef, dus uw bericht is nog niet verstuurd. Het staat hieronder: vul uw codenaam in om het te versturen.
pending-files = De gekozen bestanden zijn niet bewaard: voeg ze na het inloggen opnieuw toe.
pending-label = Uw bericht (nog niet verstuurd)
pending-button = Mijn inbox openen en versturen
followup-label = Wat wilt u toevoegen?
logged-out = U bent uitgelogd. Sluit voor de zekerheid ook dit tabblad, of het venster van Tor Browser (Nieuwe identiteit).
login-cookie-lost = Uw browser heeft de inlogcookie niet bewaard. Deze site heeft een browser nodig die .onion-adressen als veilig behandelt, zoals Tor Browser; in andere browsers blijft u niet ingelogd.
