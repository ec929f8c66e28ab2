/** OAuth tokens as credentials hold them, and as `onTokens` hands them over to be persisted. */
export interface OAuthTokenSet {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires, in epoch milliseconds; unknown when absent. */
  expiresAt?: number;
}

/**
 * What a refresh produces. Expiry may be absolute (`expiresAt`, a `Date` or epoch milliseconds) or relative
 * (`expiresIn`, seconds from now, as token endpoints send it), not both. A missing `refreshToken` means the
 * server did not rotate it: the previous one stays in use.
 */
export interface OAuthRefreshResult {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date | number;
  expiresIn?: number;
}
