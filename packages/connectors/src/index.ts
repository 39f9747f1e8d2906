// @aispm/connectors: see DESIGN.md. Exports are added by the issues that build this package.
export {};
