export function buildWeb(options?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
