/**
 * The 100 flows with every forward and reverse reference, in the shape of e2e's
 * `deepFlowQuery` (one flow) applied to a page of flows.
 */
export const deepFlowsQuery = /* GraphQL */ `
  query DeepFlows {
    orchestratedFlows(first: 100) {
      totalCount
      nodes {
        id
        name
        workflow {
          id
          orchestratedFlows { id }
          steps {
            id
            entryCondition
            nextSteps { id }
            previousSteps { id }
            workflows { id }
            assignments { id }
            processor {
              id
              steps { id }
              inputSchema { id processors { id } }
              outputSchema { id processors { id } }
            }
          }
        }
        assignments {
          id
          orchestratedFlows { id }
          step { id }
          entities {
            __typename
            ... on Address { id connectionString configuration { key value } assignments { id } schema { id addresses { id } } }
            ... on Delivery { id payload assignments { id } schema { id deliveries { id } } }
          }
        }
      }
    }
  }
`;
