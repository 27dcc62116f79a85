import type { Element, Nodes, Root } from 'hast';
import type { Node, Parent } from 'unist';

/**
 * Every node of `tree`, the tree itself first, in document order: what
 * `visit(tree, fn)` of unist-util-visit does for a visitor that returns
 * nothing. `visit` also builds, for every node, the array of its ancestors
 * (and tests each node through a wrapper); the project's Markdown plugins
 * make eight such walks of each article's trees, and that was most of their
 * cost (docs/performance.md). A visitor may change the node it is given, its
 * children included, before they are walked. Iterative, so a deeply nested
 * document cannot overflow the stack.
 */
export function eachNode<N extends Node = Node>(tree: N, fn: (node: N) => void): void {
  const stack: N[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    fn(node);
    const { children } = node as Partial<Parent>;
    // The children of a node of the tree are nodes of the tree: N is the tree's union of node types.
    if (children) for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i] as N);
  }
}

/** Every element of a hast tree, in document order (`visit(tree, 'element', fn)`). */
export function eachElement(tree: Root, fn: (element: Element) => void): void {
  eachNode<Nodes>(tree, (node) => {
    if (node.type === 'element') fn(node);
  });
}
