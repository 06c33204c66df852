/** Types of docker/container.mjs (plain JavaScript, run by the image's plain Node). */
export declare const DEFAULT_METRICS_PORT: number;
export declare const DEFAULT_DATA_DIR: string;
export declare function metricsPort(env?: NodeJS.ProcessEnv): number;
export declare function dataDir(env?: NodeJS.ProcessEnv): string;
export declare function containerInstance(text: string, env?: NodeJS.ProcessEnv): string;
