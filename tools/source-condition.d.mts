export declare const SOURCE_CONDITION: string;
export declare const RUN_TS_NODE_ARGS: readonly string[];
