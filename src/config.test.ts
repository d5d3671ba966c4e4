import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to the embedded database on port 8080', () => {
    const config = loadConfig({}, '/srv/hongyun');
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: 'sqlite', file: '/srv/hongyun/data/hongyun.db' });
  });

  it('selects PostgreSQL for a postgres:// URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://hy@db:5432/hongyun' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://hy@db:5432/hongyun' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://host' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ COOKIE_SECURE: 'maybe' }, 'COOKIE_SECURE'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
    [{ MAP_TILE_URL: 'https://tiles.example.com/{z}/{x}.png' }, 'MAP_TILE_URL'],
    [{ MAP_TILE_URL: 'ftp://tiles.example.com/{z}/{x}/{y}.png' }, 'MAP_TILE_URL'],
    [{ MAP_TILE_URL: 'tiles/{z}/{x}/{y}.png' }, 'MAP_TILE_URL'],
    [{ MAP_TILE_URL: 'https://tiles.example.com/{z}/{x}/{y}.png?key={apikey}' }, 'MAP_TILE_URL'],
    [{ MAP_TILE_CRS: 'bd09' }, 'MAP_TILE_CRS'],
    [{ MAP_TILE_ATTRIBUTION: 'x'.repeat(301) }, 'MAP_TILE_ATTRIBUTION'],
    [{ MAP_TILE_SUBDOMAINS: 'a,b,c' }, 'MAP_TILE_SUBDOMAINS'],
  ])('stops on a bad value and names it: %o', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}:`));
  });

  it('draws the map without tiles unless a tile URL is set', () => {
    expect(loadConfig({}).map).toEqual({ tileUrl: null, tileCrs: 'wgs84', tileAttribution: null, tileSubdomains: 'abc' });
    const amap = loadConfig({
      MAP_TILE_URL: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&style=8&x={x}&y={y}&z={z}',
      MAP_TILE_CRS: 'GCJ02',
      MAP_TILE_ATTRIBUTION: '© 高德地图',
      MAP_TILE_SUBDOMAINS: '1234',
    }).map;
    expect(amap).toMatchObject({ tileCrs: 'gcj02', tileAttribution: '© 高德地图', tileSubdomains: '1234' });
    expect(loadConfig({ MAP_TILE_URL: '/tiles/{z}/{x}/{-y}.png' }).map.tileUrl).toBe('/tiles/{z}/{x}/{-y}.png');
  });
});
