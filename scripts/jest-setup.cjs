// Runs before every test file: a promise rejection that nobody handles fails the test that
// produced it, so a breaker or listener that leaks one cannot pass silently.
const unhandled = [];
const onUnhandled = (reason) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);

afterEach(async () => {
  // Let rejections created at the end of the test reach the 'unhandledRejection' event.
  await new Promise((resolve) => setImmediate(resolve));
  if (unhandled.length > 0) {
    const reasons = unhandled.splice(0).map((r) => (r instanceof Error ? r.stack : String(r)));
    throw new Error(`unhandled promise rejection(s):\n${reasons.join('\n')}`);
  }
});

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
