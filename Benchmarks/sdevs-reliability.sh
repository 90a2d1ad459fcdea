#!/usr/bin/env bash
# Webhook inbox reliability at a larger N: N CODING deliveries (10% redelivered, 5% forged)
# into a fresh store; asserts exactly one task per good unique delivery and every forged
# signature rejected (401) and recorded. Usage: Benchmarks/sdevs-reliability.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
swift build --build-tests
SDEVS_RELIABILITY_N="$N" swift test --skip-build --filter 'SlipwayTriggersTests.ServerlessFlowTests/reliabilityMix'
