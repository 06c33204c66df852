/**
 * The simulator's view of the bot's guilds over REST, as Discord documents it: `GET /users/@me/guilds`
 * (partial guilds by id, `limit` 1-200, paged with `after` or `before`), `DELETE /users/@me/guilds/{id}`
 * (leaving), and `approximate_guild_count` of `GET /applications/@me`, which counts only the guilds the
 * bot is still in.
 */
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';

describe('simulator: the bot\'s guilds over REST', () => {
  const fx = useSimulator();
  const call = async (path: string, method = 'GET') => {
    const res = await fetch(`${fx.sim.apiUrl}/v10${path}`, { method, headers: { authorization: `Bot ${fx.sim.token}` } });
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  };

  it('GIVEN five guilds, one left WHEN listed a page at a time THEN the four are given by id, with after and before, and the count agrees', async () => {
    const { sim } = fx;
    const guilds = Array.from({ length: 5 }, (_, i) => sim.createGuild({ name: `G${i}` }));
    expect((await call(`/users/@me/guilds/${guilds[2]!.id}`, 'DELETE')).status).toBe(204);
    const kept = guilds.filter((_, i) => i !== 2).map((g) => g.id);
    const ids = (body: unknown) => (body as { id: string }[]).map((g) => g.id);

    const all = await call('/users/@me/guilds');
    expect(ids(all.body)).toEqual(kept);
    expect((all.body as Record<string, unknown>[])[0]).toEqual({ id: kept[0], name: 'G0', icon: null, banner: null, features: [], owner: false, permissions: expect.stringMatching(/^\d+$/) });
    const first = await call('/users/@me/guilds?limit=2');
    expect(ids(first.body)).toEqual(kept.slice(0, 2));
    expect(ids((await call(`/users/@me/guilds?limit=2&after=${kept[1]}`)).body)).toEqual(kept.slice(2, 4));
    expect(ids((await call(`/users/@me/guilds?limit=2&after=${kept[3]}`)).body)).toEqual([]);
    expect(ids((await call(`/users/@me/guilds?limit=2&before=${kept[3]}`)).body)).toEqual(kept.slice(1, 3));
    expect((await call('/users/@me/guilds?with_counts=true&limit=1')).body).toMatchObject([{ approximate_member_count: expect.any(Number) }]);
    expect((await call('/applications/@me')).body).toMatchObject({ approximate_guild_count: 4 });
  });

  it('GIVEN a limit out of 1-200 THEN 400 with Discord\'s form error', async () => {
    for (const limit of ['0', '201', 'x']) {
      const { status, body } = await call(`/users/@me/guilds?limit=${limit}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 50035, errors: { limit: expect.anything() } });
    }
  });

  it('GIVEN a guild left already WHEN left again THEN 404 Unknown Guild', async () => {
    const guild = fx.sim.createGuild();
    expect((await call(`/users/@me/guilds/${guild.id}`, 'DELETE')).status).toBe(204);
    expect(await call(`/users/@me/guilds/${guild.id}`, 'DELETE')).toEqual({ status: 404, body: { message: 'Unknown Guild', code: 10004 } });
  });
});
