// Tests write each inbox file whole before they start a pass, so a reader need not wait for files to
// settle (2 s by default, against senders that write in place). test/unit/lib/inbox-settle.test.ts
// checks that wait with its default.
process.env.PLANBRIDGE_INBOX_SETTLE_MS ??= '0';
