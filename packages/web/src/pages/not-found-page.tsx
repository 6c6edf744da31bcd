import { Layout } from '../layout.js';

/** Any other path. */
export function NotFoundPage() {
  return (
    <Layout title="Page not found">
      <p className="lead">There is no such page.</p>
      <p>
        <a href="/">Go to the start page</a>
      </p>
    </Layout>
  );
}
