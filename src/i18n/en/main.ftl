# tipbox source interface — English (reference language).
# Every other language must have exactly these keys with the same { $placeholders }.

## Layout
site-tagline = A safe way to report harassment, surveillance and pressure to return, without giving your name.
nav-home = Home
nav-submit = Submit a report
nav-return = Return with your codename
lang-label = Language
footer-note = This site works without JavaScript and stores nothing about your device.

## Landing page
landing-title = Report safely, without giving your name
landing-intro = If you, your family or someone you know has been watched, threatened, harassed or pressed to "go back" by agents of the Chinese state abroad, including "overseas police service stations", Fox Hunt or Sky Net, you can tell { $org } here.
landing-what-title = What happens to your report
landing-what-1 = Your report is encrypted the moment it reaches this server. Only the staff of { $org } can decrypt it, on a computer that is never connected to the internet.
landing-what-2 = We do not ask for your name, email or phone number. This site does not record your IP address, your browser or the time you visited.
landing-what-3 = After you send a report you get a codename: eight random words. With it you can come back to add information and read our replies. Nobody else can, and we cannot recover it for you.
landing-safety-title = Before you start
landing-safety-1 = Use Tor Browser and set its security level to "Safest". This site works fully without JavaScript.
landing-safety-2 = Do not use a work computer or phone, or any device that someone else controls or checks.
landing-safety-3 = Photos and documents can contain hidden details such as location, device or author. Remove them if you can, or tell us in your message what we should be careful with.
landing-safety-4 = Details that only you know could identify you. Tell us if something must never appear in a publication.
landing-submit = Submit a report
landing-return = I already have a codename

## Submission form
submit-title = Submit a report
submit-intro = All fields are optional, but we need a message or at least one file. Write in any language.
field-message = What happened?
field-message-hint = Who contacted you or your family, when, how, and what they wanted. Up to { $max } characters.
field-country = Country where it happened
field-city = City or region
field-when = When did it happen?
field-when-hint = A date, a month, "since 2022"…
field-role = Who are you in this report?
role-self = It happened to me
role-family = It happened to my family
role-witness = I saw it happen
role-other = Other
field-incident = What kind of pressure? Choose all that apply.
incident-harassment = Harassment or intimidation
incident-surveillance = Being watched or followed
incident-family_threats = Threats against family in China
incident-persuasion_to_return = Being "persuaded" to return
incident-forced_return = A forced or tricked return
incident-police_station = An "overseas police service station"
incident-local_police_cooperation = Local police or officials cooperating with them
incident-other = Something else
field-contact-ok = Yes, reply to me. Replies only ever appear here, when I come back with my codename.
field-words = Language of your codename's words
field-words-hint = Choose the words you can most easily write down and type again: you will need them to come back.
field-attachment = Files: photos, recordings, documents
field-attachment-hint = Up to { $files } files and { $size } in total. You can choose several files at once.
field-attachment-photos = Photos from a phone usually record where and when they were taken and which phone took them, and documents can record their author's name. To send a photo without these details, take a screenshot of it and send the screenshot instead.
field-honeypot = Leave this field empty
submit-button = Send securely
submit-slow-note = Large files can take many minutes over Tor. Keep this page open until you see your codename.

## Success page
success-title = Your report was received
success-codename-label = Your codename
success-codename-advice = Write it down now, on paper, and keep it somewhere safe. It is shown only this once. Without it you cannot read our replies or add information, and we cannot recover it: we never store it.
success-next = Come back in a few days and enter your codename to read our replies.
success-return-address = To come back, open this address in Tor Browser:
success-return = Return with your codename

## Login
login-title = Return with your codename
login-intro = Type the eight words of your codename. Spaces and capital letters do not matter.
field-codename = Codename
login-button = Open my inbox
login-failed = We could not find that codename. Check each word and try again.
login-count = You typed { $got } words; a codename has eight. Check for a missing or an extra word.
login-word = Word { $n } is not one of the codename words. Check its spelling.
login-screen = The words stay visible as you type: make sure nobody can see your screen.

## Inbox
inbox-title = Your inbox
inbox-replies = Replies from { $org }
inbox-no-replies = No replies yet. Please check again in a few days.
inbox-reply-day = Reply of { $day }
inbox-reply-unreadable = This reply could not be opened. Please tell us in a message.
inbox-sent-note = For your safety, the messages you sent are not shown here: only { $org } can read them.
inbox-followup-title = Add information
followup-button = Send
followup-received = Thank you. Your message was received.
logout-button = Log out
inbox-session-note = For your safety you are logged out after 30 minutes without activity. Log out when you are done.

## Errors and limits
error-title = Something went wrong
error-400 = The form could not be read. Please go back and try again.
error-403 = This form has expired or was not sent from this site. Please go back, reload the page and try again.
error-409 = This report was already received: it was not sent a second time. Use the codename you were shown to add anything or to read replies.
error-409-title = Already received
error-404 = This page does not exist.
error-405 = This page cannot do that.
error-408 = The connection was too slow and was closed. Please try again; on Tor, a new circuit can help.
error-413 = That is more than this site accepts at once. Send fewer or smaller files, or send them in several messages.
error-413-title = Too large to send
error-429 = Too many requests right now. Please wait a minute and try again.
error-500 = Something went wrong on our side. Nothing you sent was kept half-way. Please try again.
error-503 = The site is busy. Please try again in a minute.
error-507 = This tip line cannot take new reports right now. Please try again later.
error-session = Your session has ended. Please enter your codename again.
error-home = Back to the start

## Form errors
form-errors = Please correct the fields marked below. Nothing has been sent yet.
form-files-again = For your safety, files are not kept when a form comes back to you. Please choose them again.
err-required = Write a message or add at least one file.
err-too-long = Too long: at most { $max } characters.
err-message-too-long = Your text has { $got } characters, but one message holds at most { $max }. Only the first { $max } are kept below: send them, then send the rest in another message.
err-invalid = Not a valid choice.
err-country = Choose a country from the list.
err-too-many-files = At most { $max } files.
err-too-large = Too large: at most { $max } in total.
err-honeypot = This field must stay empty.
err-text = Use plain text only.
err-empty-file = A chosen file is empty.
err-filename-invisible = The file name “{ $name }” contains an invisible character or an unusual space ({ $char }). Please rename the file and choose it again.
err-filename-unknown = The file name “{ $name }” contains a character that cannot be shown safely ({ $char }). Please rename the file and choose it again.
err-filename-path = The file name “{ $name }” would be read as a folder (it contains “/” or “\”, or is “.” or “..”). Please rename the file and choose it again.
err-filename-dot = The file name “{ $name }” ends with a dot, which some systems drop, changing the type of the file. Please rename the file and choose it again.
field-error = { $field }: { $error }
keep-open-note = These links open in a new tab: this page, with your codename, stays open.
pending-note = Your session ended while you were writing, so your message was not sent yet. It is kept below: enter your codename to send it.
pending-files = The files you chose were not kept: add them again after logging in.
pending-label = Your message (not sent yet)
pending-button = Open my inbox and send
followup-label = What would you like to add?
logged-out = You are logged out. To be safe, also close this tab, or Tor Browser's window (New Identity).
login-cookie-lost = Your browser did not keep the login cookie. This site needs a browser that treats .onion addresses as secure, such as Tor Browser; in other browsers, the login cannot be kept.
