# tipbox source interface — 繁體中文 (Traditional Chinese).
# Keys and placeholders must match the English reference file exactly.

## Layout
site-tagline = 安全地報告騷擾、監視和逼迫回國的壓力，無需透露姓名。
nav-home = 首頁
nav-submit = 提交報告
nav-return = 用口令返回
lang-label = 語言
footer-note = 本網站不需要 JavaScript 也能使用，而且不會儲存任何關於您裝置的資訊。

## Landing page
landing-title = 安全地報告，無需透露姓名
landing-intro = 如果您、您的家人或您認識的人在海外遭到中國當局或受其指使的人監視、威脅、騷擾，或被施壓「回國」，包括透過「海外警察服務站」、「獵狐行動」或「天網行動」，您可以在這裡告訴 { $org }。
landing-what-title = 您的報告會如何處理
landing-what-1 = 您的報告一抵達本伺服器就會被加密。只有 { $org } 的工作人員能夠解密，而且是在一台從不連上網路的電腦上進行。
landing-what-2 = 我們不會詢問您的姓名、電子郵件或電話號碼。本網站不會記錄您的 IP 位址、瀏覽器資訊或造訪時間。
landing-what-3 = 送出報告後，您會得到一組口令：八個隨機中文字。憑這組口令，您可以回來補充資訊、閱讀我們的回覆。除了您，任何人都做不到；如果遺失，我們也無法幫您找回。
landing-safety-title = 開始之前
landing-safety-1 = 請使用 Tor Browser，並將安全等級設為「最安全」。本網站在不啟用 JavaScript 的情況下也能完整使用。
landing-safety-2 = 請不要使用工作用的電腦或手機，也不要使用任何由他人控制或會被他人檢查的裝置。
landing-safety-3 = 照片和文件可能含有隱藏資訊，例如拍攝地點、裝置型號或作者。如果可以，請先刪除這些資訊；或在留言中告訴我們需要特別注意什麼。
landing-safety-4 = 只有您本人知道的細節可能會暴露您的身分。如果有些內容絕對不能公開發表，請告訴我們。
landing-submit = 提交報告
landing-return = 我已經有口令了

## Submission form
submit-title = 提交報告
submit-intro = 所有欄位都可以不填，但至少需要寫一段文字或上傳一個檔案。可以用任何語言書寫。
field-message = 發生了什麼事？
field-message-hint = 是誰聯絡了您或您的家人，在什麼時候、用什麼方式，想要什麼。最多 { $max } 個字。
field-country = 事情發生在哪個國家
field-city = 城市或地區
field-when = 事情發生在什麼時候？
field-when-hint = 一個日期、一個月份、「2022 年以來」……
field-role = 您和這件事是什麼關係？
role-self = 發生在我本人身上
role-family = 發生在我家人身上
role-witness = 我親眼看到了
role-other = 其他
field-incident = 您受到了哪一種壓力？可複選。
incident-harassment = 騷擾或恐嚇
incident-surveillance = 被監視或跟蹤
incident-family_threats = 在中國的家人受到威脅
incident-persuasion_to_return = 被「勸說」回國
incident-forced_return = 被強迫或被騙回國
incident-police_station = 「海外警察服務站」
incident-local_police_cooperation = 當地警察或官員與他們合作
incident-other = 其他情況
field-contact-ok = 是的，請回覆我。回覆只會顯示在本網站上，我用口令回來時才看得到。
field-words = 口令使用的文字
field-words-hint = 請選擇您最容易抄寫、也最容易再次輸入的文字：回來時需要輸入這些詞。
field-attachment = 檔案：照片、錄音錄影、文件
field-attachment-hint = 最多 { $files } 個檔案，總大小不超過 { $size }。可以一次選擇多個檔案。
field-attachment-photos = 用手機拍的照片通常會記錄拍攝的地點、時間和所用的手機，文件也可能記錄作者的姓名。如果不想透露這些資訊，請替照片截圖，再傳送截圖。
field-honeypot = 此欄請留空
submit-button = 安全送出
submit-slow-note = 透過 Tor 上傳大型檔案可能需要很多分鐘。請保持此頁面開啟，直到看到您的口令。

## Success page
success-title = 我們已收到您的報告
success-codename-label = 您的口令
success-codename-advice = 請現在就把它抄在紙上，並放在安全的地方。它只會顯示這一次。沒有它，您就無法閱讀我們的回覆或補充資訊，我們也無法幫您找回，因為我們從不儲存它。
success-next = 請過幾天再回來，輸入口令查看我們的回覆。
success-return-address = 回來時，請在 Tor Browser 中開啟這個網址：
success-return = 用口令返回

## Login
login-title = 用口令返回
login-intro = 請輸入口令中的八個字。空格和大小寫都沒有影響，繁體或簡體皆可。
field-codename = 口令
login-button = 開啟我的收件匣
login-failed = 找不到這組口令。請逐字核對後再試一次。
login-count = 您輸入了 { $got } 個詞；代號有八個詞。請檢查是否少了或多了一個詞。
login-word = 第 { $n } 個詞不是代號用詞。請檢查拼寫。
login-screen = 輸入時這些詞是可見的：請確保沒有人能看到您的螢幕。

## Inbox
inbox-title = 您的收件匣
inbox-replies = 來自 { $org } 的回覆
inbox-no-replies = 目前還沒有回覆。請過幾天再來查看。
inbox-reply-day = { $day } 的回覆
inbox-reply-unreadable = 無法開啟這則回覆。請傳訊息告訴我們。
inbox-sent-note = 為了您的安全，您傳送過的訊息不會顯示在這裡：只有 { $org } 能夠閱讀。
inbox-followup-title = 補充資訊
followup-button = 送出
followup-received = 謝謝。我們已收到您的訊息。
logout-button = 登出
inbox-session-note = 為了您的安全，如果 30 分鐘內沒有任何操作，系統會自動將您登出。使用完畢後請記得登出。

## Errors and limits
error-title = 發生問題
error-400 = 無法讀取表單。請返回後再試一次。
error-403 = 此表單已過期，或不是從本網站送出的。請返回、重新整理頁面後再試一次。
error-409 = 此報告已經收到，沒有再次送出。請使用先前顯示給您的代號來補充資訊或閱讀回覆。
error-409-title = 已經收到
error-404 = 此頁面不存在。
error-405 = 此頁面無法執行這項操作。
error-408 = 連線太慢，已被中斷。請再試一次；在 Tor 中換一條新的迴路可能會有幫助。
error-413 = 超出本網站一次能接收的大小。請減少檔案數量或改用較小的檔案，或分成幾則訊息傳送。
error-413-title = 內容太大，無法傳送
error-429 = 目前請求過多。請等一分鐘後再試。
error-500 = 我們這邊出了問題。您剛才傳送的內容沒有任何部分被儲存。請再試一次。
error-503 = 網站目前忙碌中。請過一分鐘再試。
error-507 = 本平台目前無法接收新的報告。請稍後再試。
error-session = 您的登入已失效。請重新輸入口令。
error-home = 回到首頁

## Form errors
form-errors = 請修正下方標示的欄位。目前還沒有送出任何內容。
form-files-again = 為了您的安全，表單退回時不會保留檔案。請重新選擇檔案。
err-required = 請寫一段文字，或至少加入一個檔案。
err-too-long = 太長了：最多 { $max } 個字。
err-message-too-long = 您的文字有 { $got } 個字元，但一則訊息最多只能容納 { $max } 個字元。下方只保留了前 { $max } 個字元：請先傳送這些內容，再把其餘部分當作另一則訊息傳送。
err-invalid = 這不是有效的選項。
err-country = 請從清單中選擇一個國家。
err-too-many-files = 最多 { $max } 個檔案。
err-too-large = 太大了：總共不能超過 { $max }。
err-honeypot = 此欄必須留空。
err-text = 請只使用純文字。
err-empty-file = 您選擇的其中一個檔案是空的。
err-filename-invisible = 檔名「{ $name }」含有看不見的字元或特殊空格（{ $char }）。請重新命名檔案後再選擇一次。
err-filename-unknown = 檔名「{ $name }」含有無法安全顯示的字元（{ $char }）。請重新命名檔案後再選擇一次。
err-filename-path = 檔名「{ $name }」會被當成資料夾（含有「/」或「\」，或者就是「.」或「..」）。請重新命名檔案後再選擇一次。
err-filename-dot = 檔名「{ $name }」以句點結尾，有些系統會刪掉這個句點，因而改變檔案類型。請重新命名檔案後再選擇一次。
field-error = { $field }：{ $error }
keep-open-note = 這些連結會在新分頁中開啟：顯示您代號的本頁會保持開啟。
pending-note = 您在書寫時工作階段已結束，因此您的訊息尚未送出。它保留在下面：輸入您的代號即可送出。
pending-files = 您選擇的檔案沒有保留：登入後請重新加入。
pending-label = 您的訊息（尚未送出）
pending-button = 開啟我的收件匣並送出
followup-label = 您想補充什麼？
logged-out = 您已登出。為安全起見，請同時關閉此分頁或 Tor 瀏覽器視窗（新身分）。
login-cookie-lost = 您的瀏覽器沒有保留登入 Cookie。本網站需要將 .onion 位址視為安全的瀏覽器，例如 Tor 瀏覽器；在其他瀏覽器中無法保持登入。
