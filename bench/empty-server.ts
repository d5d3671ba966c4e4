// The reference for the intake benchmark: an empty Fastify 5 route that parses the same JSON
// body and answers 201, in a process of its own like the real server.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/api/v1/requests', async (_request, reply) => reply.status(201).send({ ok: true }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('listening');
