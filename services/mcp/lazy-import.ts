// A module imported on first use, then reused: the tools' Telegram code and gramjs load with the
// first call, not at start (ARCHITECTURE.md, "A stdio start"). The promise is kept because an
// import() per call still costs a trip through the module loader (~0.4 ms under tsx's hooks).
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (!loading) {
      loading = load();
      loading.catch(() => (loading = undefined)); // a failed import is tried again next time
    }
    return loading;
  };
}
