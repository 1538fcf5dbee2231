"""The demo's real polling loop: a question asked, answered by a senior supporter, thanked."""

from tests.e2e.test_demo import run_demo, turns


def test_a_question_answered_by_a_senior_supporter():
    transcript = run_demo("peer-question.txt")
    conversation = turns(transcript)
    said = [user.split(": ", 1)[1] for user, _ in conversation]
    assert said[1:7] == [
        "[✅ English]",
        "🤝 Peers",
        "[🙋 Ask a senior supporter]",
        "C03 hardly talks during visits. How do you keep a quiet client talking?",
        "[📨 Send without my name]",
        "[🙋 I'll answer]",
    ]
    replies = {user: reply for user, reply in conversation}
    sent = replies["👤 you: [📨 Send without my name]"]
    # The question reaches the mentor's chat, without the asker's name.
    assert "🤖 → mentor: 🙋 A question from a fellow supporter in your centre:" in sent
    assert "Siu Fong" not in sent
    # The answer comes back to the asker (while the social worker is busy), with 🙏 and ↩.
    assert "🤖 → you: 💬 A senior supporter answered your question." in transcript
    assert "Sitting together is enough." in transcript.split("🤖 → you: 💬", 1)[1]
    assert "❓ Questions of the last 180 days: 1, 1 answered." in replies["👤 sw: /peer"]
    opened = replies["👤 sw: [#1 C03 hardly talks during visi…]"]
    assert "A (Ah Kam): Ask about her old job" in opened
    assert (
        "📝 Draft card saved from question #1 (Handling silence)"
        in replies["👤 sw: [Handling silence]"]
    )
    # The draft cards come to her chat as a file, to pass on to the clinical team.
    assert "📎 tunghang-shared-cards-" in replies["👤 sw: [📤 Send me the draft cards as a file]"]
    assert "🤖 → mentor: 🙏 The supporter who asked" in replies["👤 you: [🙏 Thank them]"]
