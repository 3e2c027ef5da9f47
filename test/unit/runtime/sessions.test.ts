import { readCookie, SessionSigner } from '../../../runtime/sessions';

describe('SessionSigner', () => {
  const signer = new SessionSigner('a-secret');
  const session = { username: 'anna', roles: ['planner' as const], exp: Date.now() + 60_000 };

  it('verifies what it signed', () => {
    expect(signer.verify(signer.sign(session))).toEqual(session);
  });

  it('refuses a token that was changed, signed with another secret, or expired', () => {
    const token = signer.sign(session);
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...session, roles: ['admin'] })).toString('base64url');
    expect(signer.verify(`${forged}.${mac}`)).toBeUndefined();
    expect(signer.verify(`${body}.${mac.slice(0, -2)}xx`)).toBeUndefined();
    expect(new SessionSigner('other').verify(token)).toBeUndefined();
    expect(signer.verify(signer.sign({ ...session, exp: Date.now() - 1 }))).toBeUndefined();
    expect(signer.verify('garbage')).toBeUndefined();
    expect(signer.verify(undefined)).toBeUndefined();
  });
});

describe('readCookie', () => {
  it('finds one cookie among several and decodes it', () => {
    expect(readCookie('a=1; pb_session=x%3Dy; b=2', 'pb_session')).toBe('x=y');
    expect(readCookie('a=1', 'pb_session')).toBeUndefined();
    expect(readCookie(undefined, 'pb_session')).toBeUndefined();
  });
});
