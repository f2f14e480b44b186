#!/usr/bin/env python3
"""Generates a large, realistic multi-document manifest for benchmarks: per application a
Deployment, a Service, a ConfigMap, and Istio resources (VirtualService, DestinationRule), in
namespaces of 50 applications each. Every other application is written as people also write them:
flow-style mappings and sequences, quoted scalars, comment lines and trailing comments
(--block-only: all in block style without comments, as this script wrote before 2026-12-06).

usage: gen_manifests.py N [--istio] [--only-deployments] [--block-only] > out.yaml
N is the number of applications (Deployments)."""

import argparse
import sys

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
  labels:
    app: {name}
    version: v{version}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
        version: v{version}
      annotations:
        prometheus.io/scrape: "true"
    spec:
      serviceAccountName: {name}
      containers:
      - name: {name}
        image: registry.example.org/shop/{name}:1.{version}.0
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 8080
          name: http
        - containerPort: 9090
          name: grpc-metrics
        env:
        - name: LOG_LEVEL
          value: info
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        readinessProbe:
          httpGet:
            path: /ready
            port: 8080
          initialDelaySeconds: 5
        livenessProbe:
          tcpSocket:
            port: 8080
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 512Mi
        volumeMounts:
        - name: config
          mountPath: /etc/{name}
      volumes:
      - name: config
        configMap:
          name: {name}-config
"""

# The same Deployment with flow collections, quoted scalars and comments.
DEPLOYMENT_FLOW = """# {name}: owned by {ns}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
  labels: {{app: {name}, version: "v{version}"}}  # the canonical labels
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}, version: "v{version}"}}
      annotations: {{"prometheus.io/scrape": "true"}}
    spec:
      serviceAccountName: {name}
      containers:
      - name: {name}
        image: "registry.example.org/shop/{name}:1.{version}.0"
        imagePullPolicy: IfNotPresent
        ports: [{{containerPort: 8080, name: http}}, {{containerPort: 9090, name: grpc-metrics}}]
        env:
        - {{name: LOG_LEVEL, value: 'info'}}
        - name: POD_NAME
          valueFrom: {{fieldRef: {{fieldPath: metadata.name}}}}
        # probes on the application port
        readinessProbe: {{httpGet: {{path: /ready, port: 8080}}, initialDelaySeconds: 5}}
        livenessProbe: {{tcpSocket: {{port: 8080}}}}
        resources:
          requests: {{cpu: 100m, memory: 128Mi}}
          limits: {{cpu: 500m, memory: 512Mi}}
        volumeMounts: [{{name: config, mountPath: /etc/{name}}}]
      volumes:
      - {{name: config, configMap: {{name: {name}-config}}}}
"""

# The same Service with a flow selector and ports and comments.
SERVICE_FLOW = """apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: {ns}}}
spec:
  selector: {{app: {name}}}  # the Deployment's pods
  ports:
  # HTTP first: Istio reads the protocol from the port name
  - {{name: http, port: 80, targetPort: 8080}}
  - {{name: grpc-metrics, port: 9090}}
"""

SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {ns}
spec:
  selector:
    app: {name}
  ports:
  - name: http
    port: 80
    targetPort: 8080
  - name: grpc-metrics
    port: 9090
"""

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
  namespace: {ns}
data:
  settings.yaml: |
    listen: 0.0.0.0:8080
    upstream: {upstream}.{ns}.svc.cluster.local
    retries: 3
"""

VIRTUALSERVICE = """apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {name}
  namespace: {ns}
spec:
  hosts:
  - {name}
  http:
  - route:
    - destination:
        host: {name}
        subset: v{version}
      weight: 100
    timeout: 5s
"""

DESTINATIONRULE = """apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: {name}
  namespace: {ns}
spec:
  host: {name}
  subsets:
  - name: v{version}
    labels:
      version: v{version}
"""

NAMESPACE = """apiVersion: v1
kind: Namespace
metadata:
  name: {ns}
  labels:
    istio-injection: enabled
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--istio", action="store_true", help="add VirtualService and DestinationRule per app")
    parser.add_argument("--only-deployments", action="store_true")
    parser.add_argument("--block-only", action="store_true", help="no flow style, quoted scalars or comments")
    args = parser.parse_args()
    out = sys.stdout
    docs = []
    for i in range(args.n):
        ns = f"team-{i // 50:04d}"
        fields = dict(name=f"app-{i:06d}", ns=ns, version=i % 3 + 1, replicas=i % 4 + 1,
                      upstream=f"app-{(i + 1) % args.n:06d}")
        if i % 50 == 0 and not args.only_deployments:
            docs.append(NAMESPACE.format(**fields))
        flow = i % 2 == 1 and not args.block_only
        docs.append((DEPLOYMENT_FLOW if flow else DEPLOYMENT).format(**fields))
        if args.only_deployments:
            continue
        docs.append((SERVICE_FLOW if flow else SERVICE).format(**fields))
        docs.append(CONFIGMAP.format(**fields))
        if args.istio:
            docs.append(VIRTUALSERVICE.format(**fields))
            docs.append(DESTINATIONRULE.format(**fields))
    out.write("---\n".join(docs))


if __name__ == "__main__":
    main()
