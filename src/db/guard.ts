// Tests must never touch a real district's data: they refuse any database that is not
// plainly a test database.
import os from 'node:os';
import path from 'node:path';
import type { DatabaseConfig } from '../config.js';

export function assertTestDatabase(config: DatabaseConfig): void {
  if (config.kind === 'sqlite') {
    const file = config.file;
    const inTemp = file === ':memory:' || path.resolve(file).startsWith(path.resolve(os.tmpdir()) + path.sep);
    if (!inTemp && !/test/i.test(path.basename(file))) {
      throw new Error(`refusing to run tests on ${file}: use :memory:, a file under ${os.tmpdir()} or one named *test*`);
    }
    return;
  }
  const name = decodeURIComponent(new URL(config.url).pathname.slice(1));
  if (!/^test$|^test_|_test$/.test(name)) {
    throw new Error(`refusing to run tests on database "${name}": its name must be test, test_* or *_test`);
  }
}
