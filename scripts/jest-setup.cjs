// Runs before every test file. Jest 30 fails the test during which a promise rejection goes
// unhandled; one macrotask tick after each test lets a rejection created at the very end of a
// test surface inside that test instead of crashing a later one. (test-utils proves both with a
// child jest run on a leaking fixture.)
afterEach(() => new Promise((resolve) => setImmediate(resolve)));
