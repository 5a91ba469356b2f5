# tipbox source interface — Deutsch (German).
# Keys and placeholders must match the English reference file exactly.

## Layout
site-tagline = Ein sicherer Weg, Belästigung, Überwachung und Druck zur Rückkehr zu melden – ohne Ihren Namen anzugeben.
nav-home = Startseite
nav-submit = Bericht senden
nav-return = Mit Zugangscode zurückkehren
lang-label = Sprache
footer-note = Diese Seite funktioniert ohne JavaScript und speichert nichts über Ihr Gerät.

## Landing page
landing-title = Sicher berichten, ohne Ihren Namen anzugeben
landing-intro = Wurden Sie, Ihre Familie oder Menschen, die Sie kennen, im Ausland von Personen im Auftrag des chinesischen Staates beobachtet, bedroht, belästigt oder zur „Rückkehr“ gedrängt – auch durch sogenannte „Übersee-Polizeistationen“, „Fox Hunt“ oder „Sky Net“? Dann können Sie das hier { $org } mitteilen.
landing-what-title = Was mit Ihrem Bericht geschieht
landing-what-1 = Ihr Bericht wird verschlüsselt, sobald er diesen Server erreicht. Nur die Mitarbeitenden von { $org } können ihn entschlüsseln, und zwar auf einem Computer, der nie mit dem Internet verbunden ist.
landing-what-2 = Wir fragen nicht nach Ihrem Namen, Ihrer E-Mail-Adresse oder Ihrer Telefonnummer. Diese Seite speichert weder Ihre IP-Adresse noch Ihren Browser noch den Zeitpunkt Ihres Besuchs.
landing-what-3 = Nachdem Sie einen Bericht gesendet haben, erhalten Sie einen Zugangscode: acht zufällige Wörter. Damit können Sie zurückkommen, Informationen ergänzen und unsere Antworten lesen. Niemand sonst kann das, und wir können den Code nicht für Sie wiederherstellen.
landing-safety-title = Bevor Sie beginnen
landing-safety-1 = Verwenden Sie den Tor Browser und stellen Sie die Sicherheitsstufe auf „Am sichersten“. Diese Seite funktioniert vollständig ohne JavaScript.
landing-safety-2 = Verwenden Sie keinen Computer und kein Telefon von der Arbeit und auch kein Gerät, das jemand anderes kontrolliert oder überprüft.
landing-safety-3 = Fotos und Dokumente können versteckte Angaben enthalten, etwa den Ort, das Gerät oder den Namen der Person, die sie erstellt hat. Entfernen Sie diese Angaben, wenn Sie können, oder schreiben Sie uns in Ihrer Nachricht, worauf wir achten sollen.
landing-safety-4 = Details, die nur Sie kennen, könnten Sie erkennbar machen. Sagen Sie uns, wenn etwas niemals veröffentlicht werden darf.
landing-submit = Bericht senden
landing-return = Ich habe schon einen Zugangscode

## Submission form
submit-title = Bericht senden
submit-intro = Alle Felder sind freiwillig, aber wir brauchen eine Nachricht oder mindestens eine Datei. Sie können in jeder Sprache schreiben.
field-message = Was ist passiert?
field-message-hint = Wer hat Sie oder Ihre Familie kontaktiert, wann, auf welchem Weg, und was wollte man? Höchstens { $max } Zeichen.
field-country = Land, in dem es passiert ist
field-city = Stadt oder Region
field-when = Wann ist es passiert?
field-when-hint = Ein Datum, ein Monat, „seit 2022“ …
field-role = Wie sind Sie betroffen?
role-self = Es ist mir passiert
role-family = Es ist meiner Familie passiert
role-witness = Ich habe es miterlebt
role-other = Anders
field-incident = Welche Art von Druck? Wählen Sie alles aus, was zutrifft.
incident-harassment = Belästigung oder Einschüchterung
incident-surveillance = Beobachtet oder verfolgt werden
incident-family_threats = Drohungen gegen Angehörige in China
incident-persuasion_to_return = Zur Rückkehr „überredet“ werden
incident-forced_return = Eine erzwungene oder erschlichene Rückkehr
incident-police_station = Eine „Übersee-Polizeistation“
incident-local_police_cooperation = Örtliche Polizei oder Behörden, die mit ihnen zusammenarbeiten
incident-other = Etwas anderes
field-contact-ok = Ja, antworten Sie mir. Antworten erscheinen nur hier, wenn ich mit meinem Zugangscode zurückkomme.
field-words = Sprache der Wörter Ihres Zugangscodes
field-words-hint = Wählen Sie die Wörter, die Sie am leichtesten aufschreiben und wieder eintippen können: Sie brauchen sie, um zurückzukommen.
field-attachment = Dateien: Fotos, Aufnahmen, Dokumente
field-attachment-hint = Bis zu { $files } Dateien und insgesamt { $size }. Sie können mehrere Dateien auf einmal auswählen.
field-attachment-photos = Handyfotos speichern meist, wo und wann sie aufgenommen wurden und mit welchem Handy; Dokumente können den Namen ihres Verfassers enthalten. Um ein Foto ohne diese Angaben zu senden, machen Sie einen Screenshot davon und senden Sie den Screenshot.
field-honeypot = Dieses Feld bitte leer lassen
submit-button = Sicher senden
submit-slow-note = Große Dateien können über Tor viele Minuten brauchen. Lassen Sie diese Seite geöffnet, bis Sie Ihren Zugangscode sehen.

## Success page
success-title = Ihr Bericht ist angekommen
success-codename-label = Ihr Zugangscode
success-codename-advice = Schreiben Sie ihn jetzt auf Papier und bewahren Sie ihn an einem sicheren Ort auf. Er wird nur dieses eine Mal angezeigt. Ohne ihn können Sie unsere Antworten nicht lesen und nichts ergänzen, und wir können ihn nicht wiederherstellen: Wir speichern ihn nie.
success-next = Kommen Sie in ein paar Tagen wieder und geben Sie Ihren Zugangscode ein, um unsere Antworten zu lesen.
success-return-address = Um wiederzukommen, öffnen Sie diese Adresse im Tor Browser:
success-return = Mit Zugangscode zurückkehren

## Login
login-title = Mit Zugangscode zurückkehren
login-intro = Geben Sie die acht Wörter Ihres Zugangscodes ein. Leerzeichen sowie Groß- und Kleinschreibung spielen keine Rolle.
field-codename = Zugangscode
login-button = Mein Postfach öffnen
login-failed = Diesen Zugangscode konnten wir nicht finden. Prüfen Sie jedes Wort und versuchen Sie es noch einmal.
login-count = Sie haben { $got } Wörter eingegeben; ein Codename hat acht. Prüfen Sie, ob ein Wort fehlt oder zu viel ist.
login-word = Wort { $n } ist keines der Codename-Wörter. Prüfen Sie die Schreibweise.
login-screen = Die Wörter bleiben beim Tippen sichtbar: Achten Sie darauf, dass niemand Ihren Bildschirm sieht.

## Inbox
inbox-title = Ihr Postfach
inbox-replies = Antworten von { $org }
inbox-no-replies = Noch keine Antworten. Bitte schauen Sie in ein paar Tagen wieder vorbei.
inbox-reply-day = Antwort vom { $day }
inbox-reply-unreadable = Diese Antwort ließ sich nicht öffnen. Bitte teilen Sie uns das in einer Nachricht mit.
inbox-sent-note = Zu Ihrer Sicherheit werden die Nachrichten, die Sie gesendet haben, hier nicht angezeigt: Nur { $org } kann sie lesen.
inbox-followup-title = Informationen ergänzen
followup-button = Senden
followup-received = Danke. Ihre Nachricht ist angekommen.
logout-button = Abmelden
inbox-session-note = Zu Ihrer Sicherheit werden Sie nach 30 Minuten ohne Aktivität abgemeldet. Melden Sie sich ab, wenn Sie fertig sind.

## Errors and limits
error-title = Etwas ist schiefgelaufen
error-400 = Das Formular konnte nicht gelesen werden. Bitte gehen Sie zurück und versuchen Sie es noch einmal.
error-403 = Dieses Formular ist abgelaufen oder wurde nicht von dieser Seite gesendet. Bitte gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
error-409 = Dieser Bericht ist bereits eingegangen: Er wurde nicht ein zweites Mal gesendet. Mit dem Codenamen, der Ihnen angezeigt wurde, können Sie etwas ergänzen oder Antworten lesen.
error-409-title = Bereits eingegangen
error-404 = Diese Seite gibt es nicht.
error-405 = Das ist auf dieser Seite nicht möglich.
error-408 = Die Verbindung war zu langsam und wurde beendet. Bitte versuchen Sie es noch einmal; in Tor kann ein neuer Kanal helfen.
error-413 = Das ist mehr, als diese Seite auf einmal annimmt. Senden Sie weniger oder kleinere Dateien oder verteilen Sie sie auf mehrere Nachrichten.
error-413-title = Zu groß zum Senden
error-429 = Gerade gibt es zu viele Anfragen. Bitte warten Sie eine Minute und versuchen Sie es dann noch einmal.
error-500 = Bei uns ist etwas schiefgelaufen. Von dem, was Sie gesendet haben, wurde nichts nur halb gespeichert. Bitte versuchen Sie es noch einmal.
error-503 = Die Seite ist gerade überlastet. Bitte versuchen Sie es in einer Minute noch einmal.
error-507 = Diese Meldestelle kann gerade keine neuen Berichte annehmen. Bitte versuchen Sie es später noch einmal.
error-session = Ihre Sitzung ist beendet. Bitte geben Sie Ihren Zugangscode erneut ein.
error-home = Zurück zum Anfang

## Form errors
form-errors = Bitte korrigieren Sie die unten markierten Felder. Es wurde noch nichts gesendet.
form-files-again = Zu Ihrer Sicherheit werden Dateien nicht aufbewahrt, wenn ein Formular an Sie zurückgeht. Bitte wählen Sie sie noch einmal aus.
err-required = Schreiben Sie eine Nachricht oder fügen Sie mindestens eine Datei hinzu.
err-too-long = Zu lang: höchstens { $max } Zeichen.
err-message-too-long = Ihr Text hat { $got } Zeichen, eine Nachricht fasst aber höchstens { $max }. Unten sind nur die ersten { $max } erhalten: Senden Sie diese und schicken Sie den Rest in einer weiteren Nachricht.
err-invalid = Keine gültige Auswahl.
err-country = Wählen Sie ein Land aus der Liste.
err-too-many-files = Höchstens { $max } Dateien.
err-too-large = Zu groß: insgesamt höchstens { $max }.
err-honeypot = Dieses Feld muss leer bleiben.
err-text = Bitte nur einfachen Text verwenden.
err-empty-file = Eine ausgewählte Datei ist leer.
err-filename-invisible = Der Dateiname „{ $name }“ enthält ein unsichtbares Zeichen oder ein ungewöhnliches Leerzeichen ({ $char }). Bitte benennen Sie die Datei um und wählen Sie sie noch einmal aus.
err-filename-unknown = Der Dateiname „{ $name }“ enthält ein Zeichen, das sich nicht sicher anzeigen lässt ({ $char }). Bitte benennen Sie die Datei um und wählen Sie sie noch einmal aus.
err-filename-path = Der Dateiname „{ $name }“ würde als Ordner gelesen (er enthält „/“ oder „\“ oder ist „.“ oder „..“). Bitte benennen Sie die Datei um und wählen Sie sie noch einmal aus.
err-filename-dot = Der Dateiname „{ $name }“ endet mit einem Punkt, den manche Systeme entfernen, wodurch sich der Dateityp ändert. Bitte benennen Sie die Datei um und wählen Sie sie noch einmal aus.
field-error = { $field }: { $error }
keep-open-note = Diese Links öffnen sich in einem neuen Tab: Diese Seite mit Ihrem Codenamen bleibt offen.
pending-note = Ihre Sitzung ist abgelaufen, während Sie geschrieben haben; Ihre Nachricht wurde daher noch nicht gesendet. Sie steht unten: Geben Sie Ihren Codenamen ein, um sie zu senden.
pending-files = Die gewählten Dateien wurden nicht behalten: Fügen Sie sie nach der Anmeldung erneut hinzu.
pending-label = Ihre Nachricht (noch nicht gesendet)
pending-button = Posteingang öffnen und senden
followup-label = Was möchten Sie ergänzen?
logged-out = Sie sind abgemeldet. Schließen Sie zur Sicherheit auch diesen Tab oder das Fenster des Tor Browsers (Neue Identität).
login-cookie-lost = Ihr Browser hat das Anmelde-Cookie nicht behalten. Diese Seite braucht einen Browser, der .onion-Adressen als sicher behandelt, etwa Tor Browser; in anderen Browsern bleibt die Anmeldung nicht erhalten.
