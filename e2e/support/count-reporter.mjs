// node --test reporter that writes {tests, passed, failed, skipped} as JSON, for CI's closing summary.
export default async function* countReporter(source) {
  const counts = { tests: 0, passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    counts.tests++;
    if (event.type === 'test:fail') counts.failed++;
    else if (event.data.skip || event.data.todo) counts.skipped++;
    else counts.passed++;
  }
  yield JSON.stringify(counts) + '\n';
}
