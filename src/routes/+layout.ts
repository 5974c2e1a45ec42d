// A client-only SPA: every page renders from local data in the browser, online or not.
export const ssr = false;
export const prerender = false;
