import csaAicm from './data/csa-aicm-1.1.json';
import cvss from './data/cvss-4.0.json';
import euAiAct from './data/eu-ai-act.json';
import iso27001 from './data/iso-27001-2022.json';
import iso42001 from './data/iso-42001-2023.json';
import mitreAtlas from './data/mitre-atlas.json';
import nist600 from './data/nist-ai-600-1.json';
import nistRmf from './data/nist-ai-rmf-1.0.json';
import owaspAgentic from './data/owasp-agentic-2026.json';
import owaspAgenticThreats from './data/owasp-agentic-threats-1.0.json';
import owaspAivss from './data/owasp-aivss-0.5.json';
import owaspLlm2023 from './data/owasp-llm-2023.json';
import owaspLlm2025 from './data/owasp-llm-2025.json';
import soc2 from './data/soc2-tsc-2017.json';

/**
 * The raw data of every built-in catalog, in a stable order. Parse with `FrameworkDataSchema`
 * (the catalog does this for you).
 *
 * @example
 * ```ts
 * BUILTIN_CATALOG_DATA.length; // 14
 * ```
 */
export const BUILTIN_CATALOG_DATA: readonly unknown[] = [
  owaspLlm2025,
  owaspLlm2023,
  owaspAgentic,
  owaspAgenticThreats,
  nistRmf,
  nist600,
  iso42001,
  euAiAct,
  mitreAtlas,
  iso27001,
  soc2,
  csaAicm,
  owaspAivss,
  cvss,
];
