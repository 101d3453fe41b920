export {
  createResolver,
  FUSE_OPTIONS,
  RESOLVER_LIMITS,
  type Resolver,
  type ResolveResult,
  type ResolverEntry,
} from './resolver.js';
export { normalise } from './normalize.js';
