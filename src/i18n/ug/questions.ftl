# tipbox default questionnaire — ئۇيغۇرچە (Uyghur, Arabic script, right to left).
# One message per line; keys must match the English file exactly; no placeholders.

## Contact
q-contact_channel = ئۇلار سىز ياكى ئائىلىڭىز بىلەن قانداق يول بىلەن ئالاقىلاشتى؟ ماس كېلىدىغانلىرىنىڭ ھەممىسىنى تاللاڭ.
opt-contact_channel-wechat = ئۈندىدار (WeChat)
opt-contact_channel-phone = تېلېفون ياكى قىسقا ئۇچۇر
opt-contact_channel-in_person = يۈزمۇيۈز كۆرۈشۈپ
opt-contact_channel-relatives = يۇرتتىكى تۇغقانلار ئارقىلىق
opt-contact_channel-community = جامائەت ياكى ئوقۇغۇچىلار ئۇيۇشمىسى ئارقىلىق
opt-contact_channel-social_media = باشقا ئەپلەر ياكى ئىجتىمائىي تاراتقۇلار
opt-contact_channel-other = باشقا يول بىلەن

## Who contacted you
q-contacted_by = سىز ياكى ئائىلىڭىز بىلەن كىم ئالاقىلاشتى؟
q-contacted_by-help = مەسىلەن، يۇرتىڭىزدىكى ساقچى، ئەلچىخانا ياكى كونسۇلخانا خادىمى، جامائەت ئەربابى. پەقەت بىلىدىغانلىرىڭىزنىلا يېزىڭ.

## Service station
q-station_address = «چەتئەل ساقچى مۇلازىمەت پونكىتى»نىڭ ئادرېسى (ئەگەر بىلسىڭىز)
q-station_address-help = كوچا، بىنا ياكى شەھەر. بىلمىسىڭىز، بوش قالدۇرۇڭ.

## Family in China
q-family_measures = يۇرتتىكى ئائىلىڭىزگە قارىتا بىرەر تەدبىر قوللىنىلدىمۇ؟ ماس كېلىدىغانلىرىنىڭ ھەممىسىنى تاللاڭ.
opt-family_measures-questioned = ساقچى ئۇلارنى سوراق قىلدى ياكى ئۆيىگە باردى
opt-family_measures-detained = بىرەرسى قولغا ئېلىندى ياكى تۇتۇپ تۇرۇلدى
opt-family_measures-job = بىرەرسى خىزمىتىدىن قالدۇرۇلدى ياكى شۇنىڭ بىلەن تەھدىت سېلىندى
opt-family_measures-pension = پېنسىيە ياكى ياردەم پۇلى توختىتىلدى
opt-family_measures-school = بالىلارنىڭ مەكتەپكە بېرىشى چەكلەندى
opt-family_measures-travel = پاسپورتى يىغىۋېلىندى ياكى چەتئەلگە چىقىشى چەكلەندى
opt-family_measures-other = باشقا ئىش

## Third country
q-third_country = ئۇلار سىزدىن ئۆزلىرى بىلەن كۆرۈشۈش ئۈچۈن باشقا بىر دۆلەتكە بېرىشنى تەلەپ قىلدىمۇ ياكى سىزنى شۇنداق قىلىشقا ئۈندىدىمۇ؟

## Shared answers
yes = ھەئە
no = ياق
not-saying = (دېيىشنى خالىمايمەن)
err-question-required = بۇ سوئالغا جاۋاب بېرىڭ.
