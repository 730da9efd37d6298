package nlu

import "testing"

// "stop" and "stop sending me messages" withdraw marketing consent in the
// chat: in every launch language, alone or as a sentence, with the
// conversation's language as prior.
func TestParse_StopInSixLanguages(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct{ lang, text string }{
		{"en", "stop"}, {"en", "stop sending me messages"}, {"en", "please stop messaging me"}, {"en", "no more messages from you"},
		{"nl", "stop"}, {"nl", "stuur me geen berichten meer"}, {"nl", "stop met berichten sturen"}, {"nl", "afmelden"},
		{"ms", "stop"}, {"ms", "berhenti hantar mesej kepada saya"}, {"ms", "jangan hantar mesej lagi"},
		{"zh", "停止"}, {"zh", "别再给我发消息了"}, {"zh", "不要再发消息给我"}, {"zh", "退订"},
		{"nb", "stopp"}, {"nb", "slutt å sende meg meldinger"}, {"nb", "ikke send meg flere meldinger"}, {"nb", "meld meg av"},
		{"hy", "STOP"}, {"hy", "դադարեցրեք հաղորդագրություններ ուղարկել"}, {"hy", "այլևս մի գրեք ինձ"}, {"hy", "հաղորդագրություններ մի ուղարկեք"},
	} {
		got := e.Parse(tc.text, ParseParams{Prior: tc.lang})
		// 0.3 is the dialogue's MinConfidence: below it the bot asks again.
		if got.Intent.Name != "unsubscribe" || got.Intent.Confidence < 0.3 {
			t.Errorf("%s %q = %s (%.2f), want unsubscribe", tc.lang, tc.text, got.Intent.Name, got.Intent.Confidence)
		}
	}
}
