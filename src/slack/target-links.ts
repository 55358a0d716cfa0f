// Links from a Slack message to the target: the live page of the function app (SNAT_PUBLIC_URL) and
// the resource in the Azure portal (SNAT_PORTAL_URL). Pure.

/** `${publicUrl}/api/recommendations/view?target=<id>`: the live page narrowed to the target (src/functions/recommendations.ts). */
export function liveTargetUrl(publicUrl: string | undefined, resourceId: string): string | null {
  if (!publicUrl || !/^https?:\/\/[^\s]+$/i.test(publicUrl) || !resourceId.startsWith('/')) return null;
  return `${publicUrl.replace(/\/+$/, '')}/api/recommendations/view?target=${encodeURIComponent(resourceId)}`;
}

/** `${portalUrl}/#@/resource${resourceId}`: opens the resource in the portal's default directory. */
export function portalResourceUrl(portalUrl: string, resourceId: string): string | null {
  if (!/^https?:\/\/[^\s]+$/i.test(portalUrl ?? '') || !resourceId.startsWith('/')) return null;
  return `${portalUrl.replace(/\/+$/, '')}/#@/resource${resourceId}`;
}
