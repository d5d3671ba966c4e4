// HTTP routes for the console map: its tile settings and the grid layer of the caller's scope.
// Compounds and request markers come from GET /compounds and GET /requests.
import { Type } from 'typebox';
import type { App, Context } from '../../server/types.js';
import { accountOf, errorResponses } from '../shared/http.js';
import { Nullable } from '../shared/schemas.js';
import { gridLayer, mapSettings, OPEN_STATES } from './service.js';

const tags = ['map 地图'];
const count = Type.Integer({ minimum: 0 });

const SettingsOut = Type.Object({
  tileUrl: Nullable(Type.String({ description: 'Leaflet tile URL template; null: draw without tiles' })),
  tileCrs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')], {
    description: 'gcj02: the tiles are a Chinese web map, so coordinates are converted from WGS-84 before drawing',
  }),
  tileAttribution: Nullable(Type.String({ description: 'plain text' })),
  tileSubdomains: Type.String({ description: 'values of {s}, one character each' }),
});

const GridOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  code: Nullable(Type.String()),
  community: Type.Object({ id: Type.Integer(), name: Type.String() }),
  gridWorker: Nullable(Type.Object({ id: Type.Integer(), displayName: Type.String() })),
  boundary: Nullable(Type.Object({}, { additionalProperties: true, description: 'GeoJSON Polygon or MultiPolygon, WGS-84' })),
  openRequests: count,
  overdueRequests: count,
});

export async function mapRoutes(app: App, ctx: Context) {
  app.get(
    '/map/settings',
    {
      schema: {
        tags,
        summary: 'Tile layer settings of the console map (MAP_TILE_URL, MAP_TILE_CRS, MAP_TILE_ATTRIBUTION, MAP_TILE_SUBDOMAINS)',
        response: { 200: SettingsOut, ...errorResponses },
      },
    },
    async (request) => {
      accountOf(request);
      return mapSettings(ctx);
    },
  );

  app.get(
    '/map/grids',
    {
      schema: {
        tags,
        summary: 'Grids in scope with their open and overdue requests',
        description:
          '`openRequests` counts the requests in `openStates` that the caller may see; `overdueRequests` those of them overdue ' +
          'for acceptance or resolution. They equal the length of GET /requests?unit=<grid>&state=<openStates> ' +
          '(and the same with &overdue=true).',
        response: {
          200: Type.Object({ openStates: Type.Array(Type.String()), items: Type.Array(GridOut) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ openStates: [...OPEN_STATES], items: await gridLayer(ctx, accountOf(request)) }),
  );
}
