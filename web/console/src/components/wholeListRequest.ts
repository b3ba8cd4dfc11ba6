/**
 * A ProTable `request` for a list the server gives whole (a work queue): every row at
 * once, paged in the browser; a failure is reported and leaves the table empty.
 */
export function wholeListRequest<Row>(load: () => Promise<Row[]>, reportError: (error: unknown) => void) {
  return async () => {
    try {
      const items = await load();
      return { data: items, total: items.length, success: true };
    } catch (error) {
      reportError(error);
      return { data: [] as Row[], total: 0, success: false };
    }
  };
}
