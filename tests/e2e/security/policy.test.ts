// The header policy sync-server/src/web/static.ts derives from index.html (no browser needed).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineScripts } from '../../../sync-server/src/web/static';

const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const BOOT = '\n\t\t\t\t{ __sveltekit_x = { base: "" }; }\n\t\t\t';

describe('contentSecurityPolicy', () => {
  it('takes the meta policy SvelteKit wrote, and adds frame-ancestors', () => {
    const html = `<head><meta http-equiv="content-security-policy" content="default-src &#39;self&#39;; script-src &#39;self&#39; ${hash(BOOT).replace(/'/g, '&#39;')}; object-src &#39;none&#39;"></head><body><script>${BOOT}</script></body>`;
    expect(contentSecurityPolicy(html)).toBe(`default-src 'self'; script-src 'self' ${hash(BOOT)}; object-src 'none'; frame-ancestors 'none'`);
  });

  it('without a meta, uses the default strict policy with the hash of every inline script, never of external ones', () => {
    const html = `<script src="/_app/x.js"></script><script>${BOOT}</script><script type="module">import('/a.js')</script>`;
    expect(inlineScripts(html)).toEqual([BOOT, "import('/a.js')"]);
    const policy = contentSecurityPolicy(html);
    const scriptSrc = policy.split('; ').find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe(`script-src 'self' ${hash(BOOT)} ${hash("import('/a.js')")}`);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-eval/);
  });

  it('adds the hash of an inline script the meta forgot, so the header never blocks the page', () => {
    const html = `<meta http-equiv="content-security-policy" content="script-src 'self'"><script>${BOOT}</script>`;
    expect(contentSecurityPolicy(html)).toBe(`script-src 'self' ${hash(BOOT)}; frame-ancestors 'none'`);
  });
});
