// A person's profile link → the network and the handle on it. Only links that point at one
// person count: a repository, a share intent or a site's own pages are not profiles.

export type ProfileNetwork = 'github' | 'twitter' | 'mastodon' | 'linkedin' | 'bluesky' | 'gitlab';

export interface Profile {
  network: ProfileNetwork;
  handle: string;
}

/** First path segments that are a site's own pages, not a user. */
const reservedPaths: Record<'github' | 'twitter' | 'gitlab', Set<string>> = {
  github: new Set(
    (
      'orgs features topics explore marketplace sponsors settings login join about pricing enterprise ' +
      'team customer-stories security collections events trending search notifications pulls issues ' +
      'new organizations site apps readme solutions resources codespaces contact' +
      ' github-copilot copilot'
    ).split(' '),
  ),
  twitter: new Set(
    'intent share hashtag i home search explore settings login signup messages notifications tos privacy'.split(
      ' ',
    ),
  ),
  gitlab: new Set('explore users groups dashboard help projects search admin -'.split(' ')),
};

const userName = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?$/;

/** Read a profile link; null when the URL is not one person's profile. */
export function profileFromUrl(url: string): Profile | null {
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim()) ? url.trim() : `https://${url.trim()}`);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const host = parsed.hostname.toLowerCase().replace(/^(?:www\.|mobile\.|m\.)/, '');
  const segments = parsed.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  const [first, second] = segments;
  if (!first) return null;

  if (host === 'github.com' || host === 'gitlab.com') {
    const network = host === 'github.com' ? 'github' : 'gitlab';
    if (segments.length !== 1 || reservedPaths[network].has(first.toLowerCase())) return null;
    return userName.test(first) ? { network, handle: first } : null;
  }
  if (host === 'twitter.com' || host === 'x.com') {
    if (segments.length !== 1 || reservedPaths.twitter.has(first.toLowerCase())) return null;
    const handle = first.replace(/^@/, '');
    return /^[A-Za-z0-9_]{1,15}$/.test(handle) ? { network: 'twitter', handle } : null;
  }
  if (host === 'linkedin.com' || host.endsWith('.linkedin.com')) {
    if (first.toLowerCase() !== 'in' || !second || segments.length > 2) return null;
    return { network: 'linkedin', handle: second };
  }
  if (host === 'bsky.app') {
    if (first !== 'profile' || !second || segments.length > 2) return null;
    return { network: 'bluesky', handle: second.replace(/^@/, '') };
  }
  // Mastodon and the fediverse: any instance, https://<instance>/@<user>.
  if (first.startsWith('@') && segments.length === 1) {
    const user = first.slice(1);
    return /^[A-Za-z0-9_]{1,30}$/.test(user) ? { network: 'mastodon', handle: `@${user}@${host}` } : null;
  }
  return null;
}
