// The CDK app (`cdk.json` → `node infra/bin/app.ts`). CUTOVER_CONFIG=<path> picks another config.
import { createCutoverApp } from '../app.ts';

const { app } = await createCutoverApp();
app.synth();
