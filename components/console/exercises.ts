/** The seed exercises the Console tab suggests, each a behaviour that surprises users (shared/design/domain.md). */
export interface Exercise {
  title: string;
  commands: string[];
}

export const EXERCISES: Exercise[] = [
  { title: "A Deployment and its pods", commands: ["kubectl create deployment web --image=nginx --replicas=3", "kubectl get pods", "kubectl wait --for=condition=Ready pod -l app=web", "kubectl get all"] },
  { title: "Delete a pod: it is replaced", commands: ["kubectl delete pod <a web pod>", "kubectl get pods"] },
  { title: "A bare pod dies with its node", commands: ["kubectl run hello --image=nginx", "kubectl get pods -o wide", "sim fail node <its node>", "sim advance 6m", "kubectl get pods -o wide"] },
  { title: "A node dies: replaced after 50 s + 300 s", commands: ["sim fail zone eu-west-1a", "sim advance 5m", "kubectl get pods -o wide", "sim advance 1m", "kubectl get pods -o wide"] },
  { title: "Orphan and adopt by relabelling", commands: ["kubectl label pod <a web pod> app=debug --overwrite", "kubectl get pods --show-labels", "kubectl label pod <same pod> app=web --overwrite", "kubectl get pods"] },
  { title: "Drain blocked by a PDB", commands: ["kubectl apply -f -", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 3, selector: {matchLabels: {app: web}}}", "---EOF", "kubectl drain <a node> --ignore-daemonsets --timeout=30s"] },
  { title: "Who gets port-forwarded traffic?", commands: ["kubectl port-forward deploy/web 8080:80"] },
  { title: "A rolling update, then undo", commands: ["kubectl set image deployment/web nginx=nginx:1.27", "kubectl get rs", "kubectl rollout status deployment/web", "kubectl rollout history deployment/web", "kubectl rollout undo deployment/web"] },
  { title: "Zone states: one zone down, then all", commands: ["sim fail zone eu-west-1a", "sim advance 2m", "sim zones", "sim fail region eu-west-1", "sim advance 2m", "sim zones"] },
];
