# tipbox source interface — 简体中文 (Simplified Chinese).
# Keys and placeholders must match the English reference file exactly.

## Layout
site-tagline = 安全地报告骚扰、监视和逼迫回国的压力，无需透露姓名。
nav-home = 首页
nav-submit = 提交报告
nav-return = 用口令返回
lang-label = 语言
footer-note = 本网站无需 JavaScript 即可使用，不会保存任何关于您设备的信息。

## Landing page
landing-title = 安全地报告，无需透露姓名
landing-intro = 如果您、您的家人或您认识的人在海外遭到中国当局或受其指使的人监视、威胁、骚扰，或被施压“回国”，包括通过“海外警察服务站”、“猎狐行动”或“天网行动”，您可以在这里告诉 { $org }。
landing-what-title = 您的报告会怎样处理
landing-what-1 = 您的报告一到达本服务器就会被加密。只有 { $org } 的工作人员能够解密，而且是在一台从不联网的电脑上进行。
landing-what-2 = 我们不会询问您的姓名、电子邮箱或电话号码。本网站不会记录您的 IP 地址、浏览器信息或访问时间。
landing-what-3 = 提交报告后，您会得到一个口令：八个随机汉字。凭这个口令，您可以回来补充信息、阅读我们的回复。除您之外，任何人都做不到；如果丢失，我们也无法帮您找回。
landing-safety-title = 开始之前
landing-safety-1 = 请使用 Tor Browser，并将安全级别设为“最安全”。本网站在不启用 JavaScript 的情况下也能完整使用。
landing-safety-2 = 请不要使用工作用的电脑或手机，也不要使用任何由他人控制或会被他人检查的设备。
landing-safety-3 = 照片和文件可能含有隐藏信息，例如拍摄地点、设备型号或作者。如果可以，请先删除这些信息；或者在留言中告诉我们需要特别注意什么。
landing-safety-4 = 只有您本人知道的细节可能会暴露您的身份。如果有些内容绝不能公开发表，请告诉我们。
landing-submit = 提交报告
landing-return = 我已经有口令了

## Submission form
submit-title = 提交报告
submit-intro = 所有栏目都可以不填，但至少需要写一段文字或上传一个文件。可以用任何语言书写。
field-message = 发生了什么？
field-message-hint = 是谁联系了您或您的家人，在什么时候、用什么方式，想要什么。最多 { $max } 个字。
field-country = 事情发生在哪个国家
field-city = 城市或地区
field-when = 事情发生在什么时候？
field-when-hint = 一个日期、一个月份、“2022 年以来”……
field-role = 您和这件事是什么关系？
role-self = 发生在我本人身上
role-family = 发生在我家人身上
role-witness = 我亲眼看到了
role-other = 其他
field-incident = 您受到了哪种压力？可多选。
incident-harassment = 骚扰或恐吓
incident-surveillance = 被监视或跟踪
incident-family_threats = 在中国的家人受到威胁
incident-persuasion_to_return = 被“劝说”回国
incident-forced_return = 被强迫或被骗回国
incident-police_station = “海外警察服务站”
incident-local_police_cooperation = 当地警察或官员与他们合作
incident-other = 其他情况
field-contact-ok = 是的，请回复我。回复只会显示在本网站上，我用口令回来时才能看到。
field-words = 口令使用的文字
field-words-hint = 请选择您最容易抄写、也最容易再次输入的文字：回来时需要输入这些词。
field-attachment = 文件：照片、录音录像、文档
field-attachment-hint = 最多 { $files } 个文件，总大小不超过 { $size }。可以一次选择多个文件。
field-attachment-photos = 用手机拍的照片通常会记录拍摄的地点、时间和所用的手机，文档也可能记录作者的姓名。如果不想透露这些信息，请给照片截图，然后发送截图。
field-honeypot = 此栏请留空
submit-button = 安全发送
submit-slow-note = 通过 Tor 上传大文件可能需要很多分钟。请保持此页面打开，直到看到您的口令。

## Success page
success-title = 我们已收到您的报告
success-codename-label = 您的口令
success-codename-advice = 请现在就把它抄在纸上，并放在安全的地方。它只会显示这一次。没有它，您就无法阅读我们的回复或补充信息，我们也无法帮您找回，因为我们从不保存它。
success-next = 请过几天再回来，输入口令查看我们的回复。
success-return-address = 回来时，请在 Tor Browser 中打开这个地址：
success-return = 用口令返回

## Login
login-title = 用口令返回
login-intro = 请输入口令中的八个字。空格和大小写都不影响，简体或繁体均可。
field-codename = 口令
login-button = 打开我的收件箱
login-failed = 找不到这个口令。请逐字核对后再试一次。
login-count = 您输入了 { $got } 个词；代号有八个词。请检查是否少了或多了一个词。
login-word = 第 { $n } 个词不是代号用词。请检查拼写。
login-screen = 输入时这些词是可见的：请确保没有人能看到您的屏幕。

## Inbox
inbox-title = 您的收件箱
inbox-replies = 来自 { $org } 的回复
inbox-no-replies = 暂时还没有回复。请过几天再来查看。
inbox-reply-day = { $day } 的回复
inbox-reply-unreadable = 无法打开这条回复。请发消息告诉我们。
inbox-sent-note = 为了您的安全，您发送过的消息不会显示在这里：只有 { $org } 能够阅读。
inbox-followup-title = 补充信息
followup-button = 发送
followup-received = 谢谢。我们已收到您的消息。
logout-button = 退出
inbox-session-note = 为了您的安全，如果 30 分钟内没有任何操作，您将被自动退出。用完后请主动退出。

## Errors and limits
error-title = 出了点问题
error-400 = 无法读取表单。请返回后再试一次。
error-403 = 此表单已过期，或不是从本网站发送的。请返回、刷新页面后再试一次。
error-409 = 此报告已经收到，没有再次发送。请使用之前显示给您的代号来补充信息或阅读回复。
error-409-title = 已经收到
error-404 = 此页面不存在。
error-405 = 此页面不支持这项操作。
error-408 = 连接太慢，已被关闭。请再试一次；在 Tor 中换一条新的线路可能会有帮助。
error-413 = 超出了本网站一次能接收的大小。请减少文件数量或改用较小的文件，或者分成几条消息发送。
error-413-title = 内容太大，无法发送
error-429 = 当前请求过多。请等一分钟后再试。
error-500 = 我们这边出了问题。您刚才发送的内容没有任何部分被保存。请再试一次。
error-503 = 网站正忙。请过一分钟再试。
error-507 = 本平台目前无法接收新的报告。请稍后再试。
error-session = 您的登录已失效。请重新输入口令。
error-home = 返回首页

## Form errors
form-errors = 请更正下面标出的栏目。目前还没有发送任何内容。
form-files-again = 为了您的安全，表单退回时不会保留文件。请重新选择文件。
err-required = 请写一段文字，或至少添加一个文件。
err-too-long = 太长了：最多 { $max } 个字。
err-message-too-long = 您的文字有 { $got } 个字符，但一条消息最多只能容纳 { $max } 个字符。下方只保留了前 { $max } 个字符：请先发送这些内容，再把其余部分作为另一条消息发送。
err-invalid = 这不是有效的选项。
err-country = 请从列表中选择一个国家。
err-too-many-files = 最多 { $max } 个文件。
err-too-large = 太大了：总共不能超过 { $max }。
err-honeypot = 此栏必须留空。
err-text = 请只使用纯文本。
err-empty-file = 您选择的某个文件是空的。
err-filename-invisible = 文件名“{ $name }”含有不可见字符或特殊空格（{ $char }）。请重命名文件后再重新选择。
err-filename-unknown = 文件名“{ $name }”含有无法安全显示的字符（{ $char }）。请重命名文件后再重新选择。
err-filename-path = 文件名“{ $name }”会被当作文件夹（含有“/”或“\”，或者就是“.”或“..”）。请重命名文件后再重新选择。
err-filename-dot = 文件名“{ $name }”以句点结尾，有些系统会删掉这个句点，从而改变文件类型。请重命名文件后再重新选择。
field-error = { $field }：{ $error }
keep-open-note = 这些链接会在新标签页中打开：显示您代号的本页会保持打开。
pending-note = 您在书写时会话已结束，因此您的消息尚未发送。它保留在下面：输入您的代号即可发送。
pending-files = 您选择的文件没有保留：登录后请重新添加。
pending-label = 您的消息（尚未发送）
pending-button = 打开我的收件箱并发送
followup-label = 您想补充什么？
logged-out = 您已退出。为安全起见，请同时关闭此标签页或 Tor 浏览器窗口（新身份）。
login-cookie-lost = 您的浏览器没有保留登录 Cookie。本网站需要把 .onion 地址视为安全的浏览器，例如 Tor 浏览器；在其他浏览器中无法保持登录。
