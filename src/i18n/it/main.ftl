# tipbox source interface — italiano (Italian).
# Keys and placeholders must match the English reference file exactly.

## Layout
site-tagline = Un modo sicuro per segnalare molestie, sorveglianza e pressioni a rientrare, senza dare il tuo nome.
nav-home = Pagina iniziale
nav-submit = Invia una segnalazione
nav-return = Torna con il tuo codice di accesso
lang-label = Lingua
footer-note = Questo sito funziona senza JavaScript e non conserva nulla sul tuo dispositivo.

## Landing page
landing-title = Segnala in sicurezza, senza dare il tuo nome
landing-intro = Se tu, la tua famiglia o una persona che conosci siete stati sorvegliati, minacciati, molestati o spinti a «tornare» da agenti dello Stato cinese fuori dalla Cina, anche tramite le «stazioni di polizia cinesi all’estero» o le operazioni Fox Hunt e Sky Net, puoi raccontarlo qui a { $org }.
landing-what-title = Che cosa succede alla tua segnalazione
landing-what-1 = La tua segnalazione viene cifrata appena arriva su questo server. Solo lo staff di { $org } può decifrarla, su un computer che non è mai collegato a internet.
landing-what-2 = Non ti chiediamo il nome, l’e-mail o il numero di telefono. Questo sito non registra il tuo indirizzo IP, il tuo browser né l’ora della tua visita.
landing-what-3 = Dopo aver inviato una segnalazione ricevi un codice di accesso: otto parole scelte a caso. Con questo codice puoi tornare per aggiungere informazioni e leggere le nostre risposte. Nessun altro può farlo, e noi non possiamo recuperarlo per te.
landing-safety-title = Prima di iniziare
landing-safety-1 = Usa Tor Browser e imposta il livello di sicurezza su «Il più sicuro». Questo sito funziona completamente senza JavaScript.
landing-safety-2 = Non usare un computer o un telefono di lavoro, né alcun dispositivo che qualcun altro controlla o ispeziona.
landing-safety-3 = Foto e documenti possono contenere dati nascosti, come il luogo, il dispositivo o l’autore. Se puoi, rimuovili; altrimenti indicaci nel messaggio a che cosa dobbiamo fare attenzione.
landing-safety-4 = Dettagli che conosci solo tu potrebbero rivelare chi sei. Dicci se qualcosa non deve mai comparire in una pubblicazione.
landing-submit = Invia una segnalazione
landing-return = Ho già un codice di accesso

## Submission form
submit-title = Invia una segnalazione
submit-intro = Tutti i campi sono facoltativi, ma ci serve un messaggio o almeno un file. Puoi scrivere in qualsiasi lingua.
field-message = Che cosa è successo?
field-message-hint = Chi ha contattato te o la tua famiglia, quando, come e che cosa voleva. Al massimo { $max } caratteri.
field-country = Paese in cui è successo
field-city = Città o regione
field-when = Quando è successo?
field-when-hint = Una data, un mese, «dal 2022»…
field-role = Qual è il tuo legame con i fatti?
role-self = È successo a me
role-family = È successo alla mia famiglia
role-witness = Ho assistito ai fatti
role-other = Altro
field-incident = Che tipo di pressione? Seleziona tutte le voci che corrispondono.
incident-harassment = Molestie o intimidazioni
incident-surveillance = Essere sorvegliati o seguiti
incident-family_threats = Minacce ai familiari in Cina
incident-persuasion_to_return = Essere «convinti» a rientrare
incident-forced_return = Un rientro forzato o ottenuto con l’inganno
incident-police_station = Una «stazione di polizia cinese all’estero»
incident-local_police_cooperation = Polizia o autorità locali che collaborano con loro
incident-other = Qualcos’altro
field-contact-ok = Sì, rispondetemi. Le risposte compaiono solo qui, quando torno con il mio codice di accesso.
field-words = Lingua delle parole del tuo codice di accesso
field-words-hint = Scegli le parole che ti è più facile annotare e riscrivere: ti serviranno per tornare.
field-attachment = File: foto, registrazioni, documenti
field-attachment-hint = Fino a { $files } file e { $size } in totale. Puoi scegliere più file alla volta.
field-attachment-photos = Le foto scattate con il telefono di solito registrano dove e quando sono state scattate e con quale telefono; i documenti possono contenere il nome dell’autore. Per inviare una foto senza questi dati, fanne uno screenshot e invia lo screenshot.
field-honeypot = Lascia vuoto questo campo
submit-button = Invia in modo sicuro
submit-slow-note = Con Tor, i file grandi possono richiedere molti minuti. Tieni aperta questa pagina finché non vedi il tuo codice di accesso.

## Success page
success-title = Abbiamo ricevuto la tua segnalazione
success-codename-label = Il tuo codice di accesso
success-codename-advice = Scrivilo subito su carta e conservalo in un posto sicuro. Viene mostrato solo questa volta. Senza di esso non potrai leggere le nostre risposte né aggiungere informazioni, e noi non possiamo recuperarlo: non lo conserviamo mai.
success-next = Torna tra qualche giorno e inserisci il tuo codice di accesso per leggere le nostre risposte.
success-return-address = Per tornare, apri questo indirizzo in Tor Browser:
success-return = Torna con il tuo codice di accesso

## Login
login-title = Torna con il tuo codice di accesso
login-intro = Scrivi le otto parole del tuo codice di accesso. Spazi e maiuscole non contano.
field-codename = Codice di accesso
login-button = Apri la mia posta in arrivo
login-failed = Non abbiamo trovato questo codice di accesso. Controlla ogni parola e riprova.
login-count = Hai scritto { $got } parole; un nome in codice ne ha otto. Controlla se ne manca una o ce n’è una in più.
login-word = La parola { $n } non è una delle parole dei nomi in codice. Controlla come è scritta.
login-screen = Le parole restano visibili mentre scrivi: assicurati che nessuno veda il tuo schermo.

## Inbox
inbox-title = La tua posta in arrivo
inbox-replies = Risposte di { $org }
inbox-no-replies = Ancora nessuna risposta. Ricontrolla tra qualche giorno.
inbox-reply-day = Risposta del { $day }
inbox-reply-unreadable = Non è stato possibile aprire questa risposta. Faccelo sapere con un messaggio.
inbox-sent-note = Per la tua sicurezza, i messaggi che hai inviato non vengono mostrati qui: solo { $org } può leggerli.
inbox-followup-title = Aggiungi informazioni
followup-button = Invia
followup-received = Grazie. Abbiamo ricevuto il tuo messaggio.
logout-button = Esci
inbox-session-note = Per la tua sicurezza, la sessione si chiude dopo 30 minuti di inattività. Esci quando hai finito.

## Errors and limits
error-title = Qualcosa è andato storto
error-400 = Non è stato possibile leggere il modulo. Torna indietro e riprova.
error-403 = Questo modulo è scaduto o non è stato inviato da questo sito. Torna indietro, ricarica la pagina e riprova.
error-409 = Questa segnalazione è già stata ricevuta: non è stata inviata una seconda volta. Usa il nome in codice che ti è stato mostrato per aggiungere qualcosa o leggere le risposte.
error-409-title = Già ricevuta
error-404 = Questa pagina non esiste.
error-405 = Questa pagina non consente questa operazione.
error-408 = La connessione era troppo lenta ed è stata chiusa. Riprova; con Tor può essere utile un nuovo circuito.
error-413 = È più di quanto questo sito accetti in una volta. Invia meno file o file più piccoli, oppure distribuiscili su più messaggi.
error-413-title = Troppo grande da inviare
error-429 = Troppe richieste in questo momento. Attendi un minuto e riprova.
error-500 = Qualcosa è andato storto da parte nostra. Niente di ciò che hai inviato è stato salvato a metà. Riprova.
error-503 = Il sito è molto occupato. Riprova tra un minuto.
error-507 = Al momento questo servizio non può ricevere nuove segnalazioni. Riprova più tardi.
error-session = La tua sessione è terminata. Inserisci di nuovo il tuo codice di accesso.
error-home = Torna all’inizio

## Form errors
form-errors = Correggi i campi indicati qui sotto. Non è stato ancora inviato nulla.
form-files-again = Per la tua sicurezza, i file non vengono conservati quando un modulo ti viene restituito. Selezionali di nuovo.
err-required = Scrivi un messaggio o aggiungi almeno un file.
err-too-long = Troppo lungo: al massimo { $max } caratteri.
err-message-too-long = Il tuo testo ha { $got } caratteri, ma un messaggio ne contiene al massimo { $max }. Qui sotto sono conservati solo i primi { $max }: inviali, poi manda il resto in un altro messaggio.
err-invalid = Scelta non valida.
err-country = Scegli un paese dall’elenco.
err-too-many-files = Al massimo { $max } file.
err-too-large = Troppo grande: al massimo { $max } in totale.
err-honeypot = Questo campo deve restare vuoto.
err-text = Usa solo testo semplice.
err-empty-file = Uno dei file scelti è vuoto.
err-filename-invisible = Il nome del file «{ $name }» contiene un carattere invisibile o uno spazio insolito ({ $char }). Rinomina il file e selezionalo di nuovo.
err-filename-unknown = Il nome del file «{ $name }» contiene un carattere che non può essere mostrato in modo sicuro ({ $char }). Rinomina il file e selezionalo di nuovo.
err-filename-path = Il nome del file «{ $name }» verrebbe letto come una cartella (contiene «/» o «\», oppure è «.» o «..»). Rinomina il file e selezionalo di nuovo.
err-filename-dot = Il nome del file «{ $name }» termina con un punto, che alcuni sistemi eliminano cambiando il tipo di file. Rinomina il file e selezionalo di nuovo.
field-error = { $field }: { $error }
keep-open-note = Questi link si aprono in una nuova scheda: questa pagina, con il tuo nome in codice, resta aperta.
pending-note = La sessione è scaduta mentre scrivevi, quindi il messaggio non è ancora stato inviato. È conservato qui sotto: inserisci il nome in codice per inviarlo.
pending-files = I file scelti non sono stati conservati: aggiungili di nuovo dopo l’accesso.
pending-label = Il tuo messaggio (non ancora inviato)
pending-button = Apri la mia casella e invia
followup-label = Che cosa vuoi aggiungere?
logged-out = Sei uscito. Per sicurezza chiudi anche questa scheda o la finestra di Tor Browser (Nuova identità).
login-cookie-lost = Il tuo browser non ha conservato il cookie di accesso. Questo sito ha bisogno di un browser che consideri sicuri gli indirizzi .onion, come Tor Browser; negli altri browser l’accesso non può essere mantenuto.
