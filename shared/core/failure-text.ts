/**
 * A Catch's `Cause` is the error message when the local executor ran the task, but on AWS a Lambda
 * error arrives as the JSON of its error payload (`{"errorType":…,"errorMessage":…,"trace":[…]}`).
 * Messages shown to humans use the message either way.
 */
export function failureText(
  failure: { readonly Error?: string; readonly Cause?: string } | undefined,
): string {
  if (!failure) return 'unknown failure';
  const cause = failure.Cause;
  if (cause?.startsWith('{')) {
    try {
      const parsed = JSON.parse(cause) as { errorMessage?: unknown };
      if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
    } catch {
      // not JSON after all: show it as it is
    }
  }
  return cause || failure.Error || 'unknown failure';
}
