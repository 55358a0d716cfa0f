// An Azure SDK management client whose module is loaded on its first call, not when the app starts.
// @azure/arm-network is half of the bundle (3 of 6 MB) and the app calls a handful of its operations,
// on topology refreshes only; loading it at import cost every cold start ~0.1 s (bench/README.md,
// "Cold start"). The stand-in has the client's shape for what the app does with it: operation groups
// as properties, and their methods — `list…` ones return a paged iterator at once (the Azure SDK
// convention: https://azure.github.io/azure-sdk/typescript_design.html#ts-pagination), every other
// one a promise. Anything else (the pipeline, say) is not there: use the real client for it.
import type { PagedAsyncIterableIterator, PageSettings } from '@azure/core-paging';

type Method = (...args: unknown[]) => unknown;
type Group = Record<string, Method>;

export function lazyClient<C extends object>(load: () => Promise<C>): C {
  let loading: Promise<C> | undefined;
  const client = (): Promise<Record<string, Group>> => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading as unknown as Promise<Record<string, Group>>;
  };
  const groups = new Map<string, Group>();
  const groupOf = (name: string): Group =>
    new Proxy({} as Group, {
      get(_, method) {
        // Never a thenable: `await group` must not call into the SDK.
        if (typeof method !== 'string' || method === 'then') return undefined;
        return (...args: unknown[]) => {
          const call = async () => (await client())[name]![method]!(...args);
          return method.startsWith('list') ? lazyPages(call as () => Promise<PagedAsyncIterableIterator<unknown>>) : call();
        };
      },
    });
  return new Proxy({} as C, {
    get(_, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      let group = groups.get(name);
      if (!group) groups.set(name, (group = groupOf(name)));
      return group;
    },
  });
}

/** A paged iterator whose pages come from one opened on first use. */
function lazyPages<T>(open: () => Promise<PagedAsyncIterableIterator<T>>): PagedAsyncIterableIterator<T> {
  let opened: Promise<PagedAsyncIterableIterator<T>> | undefined;
  const iterator = () => (opened ??= open());
  const pages: PagedAsyncIterableIterator<T> = {
    next: async () => (await iterator()).next(),
    [Symbol.asyncIterator]: () => pages,
    byPage: (settings?: PageSettings) => {
      let byPage: AsyncIterableIterator<T[]> | undefined;
      const next = async () => (byPage ??= (await iterator()).byPage(settings) as AsyncIterableIterator<T[]>).next();
      const lazy: AsyncIterableIterator<T[]> = { next, [Symbol.asyncIterator]: () => lazy };
      return lazy;
    },
  };
  return pages;
}
