// The features of the app, each registering its screen, palette actions and keys (the sidebar order is
// each feature's `order`). The shell is the only place that imports features.
import '../pipeline/feature.ts'
import '../trading/feature.ts'
import '../timeline/feature.ts'
import '../flows/feature.ts'
import '../settings/feature.ts'
