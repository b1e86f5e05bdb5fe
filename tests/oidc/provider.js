// A certified OpenID Connect provider (the npm package oidc-provider, its defaults kept) for
// the sign-in tests (tests/browser/test_oidc.py), on 127.0.0.1 only.
//
//   PORT=<port> APP_URL=http://127.0.0.1:<app port> node tests/oidc/provider.js
//
// One client, `cdm-quality` (secret `test-secret`), redirected to APP_URL/oauth2callback after
// signing in and after signing out. Its development sign-in screens take any login: the login
// becomes the account, whose email is `<login>@cdm.test` (or the login itself when it holds an
// @). As the provider's defaults have it, the email comes from the userinfo endpoint, not in
// the ID token. Prints "listening <issuer>" once it answers.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const appUrl = process.env.APP_URL;
const issuer = `http://127.0.0.1:${port}`;
const callback = `${appUrl}/oauth2callback`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'cdm-quality',
      client_secret: 'test-secret',
      redirect_uris: [callback],
      post_logout_redirect_uris: [callback],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['tests-only-cookie-key'] },
  async findAccount(ctx, id) {
    const email = id.includes('@') ? id : `${id}@cdm.test`;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email, email_verified: true, name: id };
      },
    };
  },
});

http.createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
